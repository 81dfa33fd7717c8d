from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel


class Veiledning(AuditedModel):
    """One run of the programme for one Kommune (DESIGN.md §3). The workflow issue
    adds dates, Samlinger and the template version; the foundation needs who runs it,
    because a veileder's access to people follows their programmes."""

    class Steg(models.TextChoices):
        PLANLAGT = "planlagt", _("planlagt")
        INVITERT = "invitert", _("invitert")
        OPPSTART = "oppstart", _("oppstartsmøte")
        SEMINAR = "seminar", _("veiledningsseminar")
        OPPFOLGING = "oppfolging", _("oppfølging")
        AVSLUTTET = "avsluttet", _("avsluttet")

    kommune = models.ForeignKey(
        "kommuner.Kommune", on_delete=models.PROTECT, related_name="veiledninger", verbose_name=_("kommune")
    )
    veiledere = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="veiledninger", verbose_name=_("veiledere")
    )
    steg = models.CharField(_("steg"), max_length=20, choices=Steg.choices, default=Steg.PLANLAGT)

    class Meta:
        verbose_name = _("veiledning")
        verbose_name_plural = _("veiledninger")

    def __str__(self) -> str:
        return f"{self.kommune} ({self.get_steg_display()})"
