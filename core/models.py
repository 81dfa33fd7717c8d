from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedTextField


class AuditBypassError(RuntimeError):
    """Raised when code writes an audited model in bulk, past the audit trail."""


class AuditedQuerySet(models.QuerySet):
    """Bulk writes skip the audit trail, so audited models refuse them (DESIGN.md §10)."""

    def _refuse(self, what: str):
        raise AuditBypassError(f"{what} on {self.model.__name__} bypasses the audit trail; use a service.")

    def update(self, **kwargs):
        self._refuse("QuerySet.update")

    def bulk_create(self, *args, **kwargs):
        self._refuse("bulk_create")

    def bulk_update(self, *args, **kwargs):
        self._refuse("bulk_update")

    def delete(self):
        self._refuse("QuerySet.delete")


class AuditedModel(models.Model):
    """Base for every domain object whose changes are recorded by its services."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True


class KommentarBase(AuditedModel):
    """A comment by one of the parties or BHT, signed with the role they hold."""

    av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    rolle = models.CharField(_("rolle"), max_length=100, blank=True)
    tekst = BoundedTextField(_("kommentar"), max_length=2000)

    class Meta:
        abstract = True
        ordering = ["created_at"]


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("opprettet")
        UPDATE = "update", _("endret")
        DELETE = "delete", _("slettet")
        REDACT = "redact", _("sensurert")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, help_text="{field: [before, after]}")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=60, blank=True, help_text="import, seed_demo, … when no person acted")
    at = models.DateTimeField()
    last_at = models.DateTimeField(help_text="Latest edit merged into this entry")

    class Meta:
        verbose_name = _("endringslogg")
        verbose_name_plural = _("endringslogg")
        ordering = ["-at"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        # Not object_repr: a measure's or a message's name is its text (content).
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.content_type_id}:{self.object_id}"


class Heartbeat(models.Model):
    """Written by the periodic job: proof that scheduler, broker and worker run."""

    beat_at = models.DateTimeField()
    source = models.CharField(max_length=60)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class Paminnelse(models.Model):
    """One scheduled reminder: the unit of "never sent twice" (DESIGN.md §7, §10).

    Re-timing supersedes an unsent row with a new generation; a sent row never changes.
    `target` names the object it is about ("veiledning.samling:12")."""

    class State(models.TextChoices):
        PLANLAGT = "planlagt", _("planlagt")
        SENDING = "sending", _("sendes")
        SENDT = "sendt", _("sendt")
        FEILET = "feilet", _("feilet")
        TAPT = "tapt", _("ikke sendt (for sent)")
        ERSTATTET = "erstattet", _("erstattet av ny tid")
        KANSELLERT = "kansellert", _("kansellert")

    kind = models.CharField(max_length=40)
    target = models.CharField(max_length=80)
    recipient = models.EmailField()
    language = models.CharField(max_length=5, default="nb")
    generation = models.PositiveIntegerField(default=1)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.PLANLAGT)
    sending_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target", "recipient", "generation"], name="paminnelse_once_per_generation"
            )
        ]
        # The dispatcher finds due rows; every sync finds the rows of one target.
        indexes = [models.Index(fields=["state", "due_at"]), models.Index(fields=["target", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.due_at:%Y-%m-%d %H:%M})"


class Rapport(models.Model):
    """A rendered PDF, cached by the version of the data it was made from. Slow reports
    render in a job; the page shows the state, then the download (DESIGN.md §8, §10)."""

    class State(models.TextChoices):
        VENTER = "venter", _("venter")
        LAGES = "lages", _("lages")
        KLAR = "klar", _("klar")
        FEILET = "feilet", _("feilet")

    class Failure(models.TextChoices):
        """Why a render was stopped, told to the person who asked (their language, not the log's)."""

        TID = (
            "tid",
            _(
                "Rapporten tok for lang tid å lage og ble stoppet. Det skjer oftest når noen felt har svært mye "
                "tekst: kort dem ned og prøv igjen."
            ),
        )
        MINNE = (
            "minne",
            _(
                "Rapporten ble for stor til å lages og ble stoppet. Det skjer oftest når noen felt har svært mye "
                "tekst: kort dem ned og prøv igjen."
            ),
        )
        AVBRUTT = "avbrutt", _("Rapporten ble avbrutt underveis. Prøv igjen.")

    kind = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    language = models.CharField(max_length=5)
    data_version = models.CharField(max_length=64)
    # Who it is for, where readers see different things (an evaluation's free text is the
    # veileder's): one cached PDF per audience, never the fuller one to the others.
    audience = models.CharField(max_length=200, blank=True, default="")
    state = models.CharField(max_length=10, choices=State.choices, default=State.VENTER)
    pdf = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    failure = models.CharField(max_length=10, choices=Failure.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language", "data_version", "audience"],
                name="rapport_one_per_data_version_and_audience",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} ({self.language}, {self.state})"
