"""Summary tables of the national picture (issue 21). Derived data only: rebuilt whole by
`innsikt.services.grunnlag_refresh` from the programmes, so nothing here is edited and
nothing here holds a name or a free text."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedTextField
from core.models import AuditedModel


class Programgrunnlag(models.Model):
    """One programme: where, when it started, its steps over time and who ran it."""

    veiledning = models.OneToOneField("veiledning.Veiledning", on_delete=models.CASCADE, related_name="+")
    kommune = models.ForeignKey("kommuner.Kommune", on_delete=models.CASCADE, related_name="+")
    fylke = models.CharField(max_length=100, blank=True)
    maned = models.DateField()  # the first day of the month the programme started (its oppstart)
    steg = models.CharField(max_length=20)
    # The facilitator's Kommune when a facilitator ran it; None: Arbeidstilsynet.
    kjort_av = models.ForeignKey("kommuner.Kommune", on_delete=models.SET_NULL, null=True, related_name="+")
    skoletyper = models.JSONField(default=dict)  # {skoletype: schools}
    # [[ISO date, step], …] from the step history, oldest first.
    steg_historikk = models.JSONField(default=list)

    class Meta:
        indexes = [models.Index(fields=["fylke", "maned"])]

    def __str__(self) -> str:
        return f"{self.kommune_id} {self.maned:%Y-%m}"


class Skolegrunnlag(models.Model):
    """One school in one programme: its assessment and plan before and after, its
    Egenvurdering at oppstart and at follow-up (score per question, 0–2)."""

    program = models.ForeignKey(Programgrunnlag, on_delete=models.CASCADE, related_name="skoler")
    kommune = models.ForeignKey("kommuner.Kommune", on_delete=models.CASCADE, related_name="+")
    skole = models.ForeignKey("kommuner.Skole", on_delete=models.CASCADE, related_name="+")
    fylke = models.CharField(max_length=100, blank=True)
    skoletype = models.CharField(max_length=20)
    maned = models.DateField()
    steg = models.CharField(max_length=20)
    fulgt_opp = models.BooleanField(default=False)  # the programme reached its follow-up
    vurdering_for = models.BooleanField(default=False)  # a finished risk assessment at oppstart
    vurdering_etter = models.BooleanField(default=False)  # … at the follow-up (today before it)
    plan_for = models.BooleanField(default=False)  # an action plan with measures at oppstart
    plan_etter = models.BooleanField(default=False)
    egenvurdering_for = models.JSONField(null=True)  # {question key: 0–2}, a finished one only
    egenvurdering_etter = models.JSONField(null=True)
    poeng_for = models.PositiveSmallIntegerField(null=True)
    poeng_etter = models.PositiveSmallIntegerField(null=True)
    poeng_maks = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["fylke", "skoletype", "maned"])]

    def __str__(self) -> str:
        return f"{self.skole_id} {self.maned:%Y-%m}"


class Telling(models.Model):
    """Counts of one school's rows by a value: risk rows by hvor, når, situation (hvor and
    når) and incident type with their level; measures by area and by type."""

    class Dimensjon(models.TextChoices):
        RADER = "rader", _("alle risikoforhold")
        HVOR = "hvor", _("hvor")
        NAR = "nar", _("når")
        SITUASJON = "situasjon", _("situasjon (hvor og når)")
        HENDELSE = "hendelse", _("type hendelse")
        OMRADE = "omrade", _("tiltak etter område")
        TYPE = "type", _("tiltak etter type")

    grunnlag = models.ForeignKey(Skolegrunnlag, on_delete=models.CASCADE, related_name="tellinger")
    dimensjon = models.CharField(max_length=20, choices=Dimensjon.choices)
    verdi = models.CharField(max_length=50)
    niva = models.CharField(max_length=20, blank=True)  # a risk level key; "" for measures or unrated rows
    antall = models.PositiveIntegerField(default=0)
    gjennomfort = models.PositiveIntegerField(default=0)  # measures done by the follow-up
    forfalt = models.PositiveIntegerField(default=0)  # measures open past their deadline

    class Meta:
        indexes = [models.Index(fields=["dimensjon", "verdi"])]

    def __str__(self) -> str:
        return f"{self.dimensjon}={self.verdi}"


class Evalueringsgrunnlag(models.Model):
    """One seminar's evaluation: its month and its valid answers' Likert values."""

    evaluering = models.OneToOneField("evaluering.Evaluering", on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Programgrunnlag, on_delete=models.CASCADE, related_name="evalueringer")
    maned = models.DateField()
    besvarelser = models.PositiveIntegerField(default=0)
    verdisum = models.PositiveIntegerField(default=0)  # the sum of every Likert value given
    verdier = models.PositiveIntegerField(default=0)  # how many Likert values were given

    def __str__(self) -> str:
        return f"{self.evaluering_id} {self.maned:%Y-%m}"


class Oppfrisking(models.Model):
    """When the summary tables were last rebuilt, and how long it took."""

    at = models.DateTimeField()
    sekunder = models.FloatField()
    skoler = models.PositiveIntegerField()

    class Meta:
        get_latest_by = "at"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"


class Forskningsuttrekk(AuditedModel):
    """One research export: who took it and why (its history line says the same)."""

    av = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    formal = BoundedTextField(_("formål"), max_length=1000)
    rader = models.PositiveIntegerField(_("rader"), default=0)

    class Meta:
        verbose_name = _("forskningsuttrekk")
        verbose_name_plural = _("forskningsuttrekk")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}" if self.created_at else "–"
