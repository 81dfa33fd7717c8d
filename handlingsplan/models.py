from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import regelverk
from core.bounds import BoundedCharField, BoundedTextField, TextValuesValidator, validate_programme_date
from core.models import AuditedModel, KommentarBase
from kommuner.models import rolle_label


class Handlingsplan(AuditedModel):
    """An action plan owned by a Skole (its HMS-gruppe) or a Kommune (the
    employer side, with the parties and BHT). `svar` answers the seed's guided
    questions: {"0": "…", "1": "…"} by question index in the template's task."""

    kommune = models.ForeignKey("kommuner.Kommune", on_delete=models.CASCADE, related_name="handlingsplaner")
    skole = models.ForeignKey(
        "kommuner.Skole", on_delete=models.CASCADE, null=True, blank=True, related_name="handlingsplaner"
    )
    veiledning = models.ForeignKey(
        "veiledning.Veiledning", on_delete=models.SET_NULL, null=True, blank=True, related_name="handlingsplaner"
    )
    SVAR_MAX_LENGTH = 5000  # one answer; the keys are question indexes
    svar = models.JSONField(default=dict, blank=True, validators=[TextValuesValidator(SVAR_MAX_LENGTH)])

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.UniqueConstraint(fields=["kommune", "skole"], name="en_plan_per_skole"),
            models.UniqueConstraint(
                fields=["kommune"], condition=models.Q(skole__isnull=True), name="en_plan_per_kommune"
            ),
        ]

    def __str__(self) -> str:
        return str(self.skole or self.kommune)

    @property
    def oppgave_key(self) -> str:
        return "handlingsplan_skole" if self.skole_id else "handlingsplan_kommune"


class Tiltak(AuditedModel):
    class Type(models.TextChoices):
        FJERNE = "fjerne", _("fjerne risikoen")
        REDUSERE = "redusere", _("redusere risikoen")
        KOMPENSERE = "kompensere", _("kompensere")

    class Omrade(models.TextChoices):
        """The areas of the violence-and-threats chapter, in its order (keys kept stable);
        the paragraph of each is not in its name but from core.regelverk (OMRADE_TEMA)."""

        ORGANISERING = "organisering", _("organisering, planlegging og gjennomføring av arbeidet")
        KARTLEGGING = "kartlegging", _("kartlegging og risikovurdering")
        TILTAK = (
            "tiltak",
            _("tiltak: utforming av arbeidsplassen, alarm og tilkalling av hjelp, bemanning og alenearbeid"),
        )
        INFORMASJON = "informasjon", _("informasjon og rutiner")
        OPPLAERING = "opplaering", _("opplæring og øvelse")
        OPPFOLGING = "oppfolging", _("oppfølging av arbeidstaker")
        AVVIK = "avvik", _("avvik og avvikshåndtering")

    class Status(models.TextChoices):
        IKKE_STARTET = "ikke_startet", _("ikke startet")
        PAGAR = "pagar", _("pågår")
        GJENNOMFORT = "gjennomfort", _("gjennomført")
        FORKASTET = "forkastet", _("forkastet")

    OPEN = (Status.IKKE_STARTET, Status.PAGAR)

    plan = models.ForeignKey(Handlingsplan, on_delete=models.CASCADE, related_name="tiltak")
    beskrivelse = BoundedTextField(_("tiltak"), max_length=2000)
    type = models.CharField(_("type tiltak"), max_length=20, choices=Type.choices, default=Type.REDUSERE)
    omrade = models.CharField(_("område"), max_length=20, choices=Omrade.choices)
    risikoforhold = models.ManyToManyField(
        "risikovurdering.Risikoforhold", blank=True, related_name="tiltak", verbose_name=_("risikoforhold")
    )
    ansvarlig_rolle = BoundedCharField(_("ansvarlig (rolle)"), max_length=100)
    ansvarlig_kontakt = models.ForeignKey(
        "kommuner.Kontakt", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("ansvarlig (kontakt)")
    )
    ansvarlig_navn = BoundedCharField(_("ansvarlig (navn)"), max_length=200, blank=True)
    frist = models.DateField(_("frist"), null=True, blank=True, validators=[validate_programme_date])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IKKE_STARTET)
    effekt = BoundedTextField(_("kommentar om effekt"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["frist", "pk"]

    def __str__(self) -> str:
        return self.beskrivelse[:80]

    @property
    def omrade_med_paragraf(self) -> str:
        return omrade_med_paragraf(self.omrade)

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN and self.frist is not None and self.frist < timezone.localdate()


# Each area's topic in core.regelverk; avvik has no paragraph of its own.
OMRADE_TEMA = {
    Tiltak.Omrade.ORGANISERING: "organisering", Tiltak.Omrade.KARTLEGGING: "risikovurdering",
    Tiltak.Omrade.TILTAK: "tiltak", Tiltak.Omrade.INFORMASJON: "informasjon",
    Tiltak.Omrade.OPPLAERING: "opplaering", Tiltak.Omrade.OPPFOLGING: "oppfolging",
}  # fmt: skip


def omrade_med_paragraf(omrade: str, on: date | None = None) -> str:
    """An area by its name and the paragraph in force on `on` (today by default):
    "opplæring og øvelse – § 3A-5 (tidligere § 23A-2)"."""
    name = str(Tiltak.Omrade(omrade).label) if omrade in Tiltak.Omrade.values else omrade
    tema = OMRADE_TEMA.get(omrade)
    paragraf = regelverk.paragraf_med_tidligere(tema, on) if tema else ""
    return f"{name} – {paragraf}" if paragraf else name


class TiltakStatusEndring(models.Model):
    tiltak = models.ForeignKey(Tiltak, on_delete=models.CASCADE, related_name="statusendringer")
    fra = models.CharField(max_length=20, choices=Tiltak.Status.choices)
    til = models.CharField(max_length=20, choices=Tiltak.Status.choices)
    av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: a change no person made (import, a job)
    kommentar = BoundedTextField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.fra} → {self.til}"


class Tiltaksforslag(AuditedModel):
    """Suggested measures per area of the violence-and-threats chapter, editable by admins.
    Texts are {"nb", "nn"}."""

    omrade = models.CharField(_("område"), max_length=20, choices=Tiltak.Omrade.choices)
    type = models.CharField(_("type tiltak"), max_length=20, choices=Tiltak.Type.choices)
    tekst = models.JSONField(_("tekst"))
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("tiltaksforslag")
        verbose_name_plural = _("tiltaksforslag")
        ordering = ["omrade", "pk"]

    def __str__(self) -> str:
        return self.tekst.get("nb", "")[:80]

    @property
    def omrade_med_paragraf(self) -> str:
        return omrade_med_paragraf(self.omrade)


class Medvirkning(AuditedModel):
    """The parties and BHT confirm that they took part in the Kommune's plan."""

    plan = models.ForeignKey(Handlingsplan, on_delete=models.CASCADE, related_name="medvirkning")
    kontakt = models.ForeignKey("kommuner.Kontakt", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "kontakt"], name="medvirkning_en_gang")]

    def __str__(self) -> str:
        return f"{self.kontakt} – {self.plan}"


class Melding(AuditedModel):
    """A short message from the Kommune to the plan pages of the schools it chose (the
    seed: report back to the schools on reports and measures). No schools: all of them
    (messages written before the owner could choose)."""

    kommune = models.ForeignKey("kommuner.Kommune", on_delete=models.CASCADE, related_name="meldinger")
    av = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tekst = BoundedTextField(_("melding"), max_length=2000)
    skoler = models.ManyToManyField("kommuner.Skole", blank=True, related_name="meldinger", verbose_name=_("skoler"))

    class Meta:
        verbose_name = _("melding til skolene")
        verbose_name_plural = _("meldinger til skolene")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.tekst[:80]


class Statusforesporsel(AuditedModel):
    """The Kommune asks chosen schools how their prevention work goes (the seed: the
    Kommune asks how prevention goes); each school's HMS-gruppe answers once, and may
    edit its answer."""

    kommune = models.ForeignKey("kommuner.Kommune", on_delete=models.CASCADE, related_name="statusforesporsler")
    av = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sporsmal = BoundedTextField(_("spørsmål"), max_length=1000)
    skoler = models.ManyToManyField("kommuner.Skole", related_name="statusforesporsler", verbose_name=_("skoler"))

    class Meta:
        verbose_name = _("statusforespørsel")
        verbose_name_plural = _("statusforespørsler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kommune} {self.created_at:%Y-%m-%d}" if self.created_at else str(self.kommune)


class Statussvar(AuditedModel):
    """One school's answer to a status request."""

    foresporsel = models.ForeignKey(Statusforesporsel, on_delete=models.CASCADE, related_name="svar")
    skole = models.ForeignKey("kommuner.Skole", on_delete=models.CASCADE, related_name="statussvar")
    av = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tekst = BoundedTextField(_("svar"), max_length=3000)

    class Meta:
        verbose_name = _("svar på statusforespørsel")
        verbose_name_plural = _("svar på statusforespørsler")
        constraints = [models.UniqueConstraint(fields=["foresporsel", "skole"], name="statussvar_en_per_skole")]

    def __str__(self) -> str:
        return f"{self.skole} – {self.foresporsel}"


class Kommentar(KommentarBase):
    """The parties and BHT comment on the Kommune's plan."""

    plan = models.ForeignKey(Handlingsplan, on_delete=models.CASCADE, related_name="kommentarer")

    @property
    def rolle_display(self) -> str:
        return rolle_label(self.rolle)

    class Meta:
        verbose_name = _("kommentar til plan")
        verbose_name_plural = _("kommentarer til plan")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.av} – {self.plan}"
