import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedCharField, BoundedTextField, validate_programme_date
from core.models import AuditedModel


def new_token() -> str:
    return secrets.token_urlsafe(18)  # 144 bits, short enough for a QR code


class Evaluering(AuditedModel):
    """A seminar's questionnaire. `sporsmal` is a snapshot of the template's questions
    ({key, type: likert|rolle|fritekst, tekst{nb,nn}, valg?}) so answers stay readable."""

    samling = models.OneToOneField("veiledning.Samling", on_delete=models.CASCADE, related_name="evaluering")
    token = models.CharField(max_length=40, unique=True, default=new_token)
    apner_at = models.DateTimeField(_("åpner"), validators=[validate_programme_date])
    lukker_at = models.DateTimeField(_("stenger"), validators=[validate_programme_date])
    sporsmal = models.JSONField(default=list)
    likert_ender = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")

    def __str__(self) -> str:
        return f"{self.samling}"


class Besvarelse(models.Model):
    """One anonymous response. `enhet` is the hash of a random per-device cookie: the
    same device edits its answer instead of adding one. No names, no IP addresses.
    The veileder may keep an answer out of the reports (`utelatt`: a real answer whose
    content should not be shown) or void it (`forkastet`: not a real answer at all)."""

    class Status(models.TextChoices):
        GYLDIG = "gyldig", _("med i rapportene")
        UTELATT = "utelatt", _("holdt utenfor rapportene")
        FORKASTET = "forkastet", _("forkastet")

    evaluering = models.ForeignKey(Evaluering, on_delete=models.CASCADE, related_name="besvarelser")
    enhet = models.CharField(max_length=64)
    rolle = BoundedCharField(max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GYLDIG)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluering", "enhet"], name="en_besvarelse_per_enhet")]

    def __str__(self) -> str:
        return f"{self.evaluering_id}:{self.pk}"


class Svar(models.Model):
    LIKERT = range(1, 6)

    besvarelse = models.ForeignKey(Besvarelse, on_delete=models.CASCADE, related_name="svar")
    sporsmal = models.CharField(max_length=40)
    verdi = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(LIKERT.start), MaxValueValidator(LIKERT.stop - 1)]
    )
    tekst = BoundedTextField(max_length=2000, blank=True)
    # The writer confirmed that a text the privacy guard flagged identifies nobody.
    bekreftet = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["besvarelse", "sporsmal"], name="ett_svar_per_sporsmal")]

    def __str__(self) -> str:
        return f"{self.sporsmal}={self.verdi or self.tekst[:20]}"
