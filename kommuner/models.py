from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedCharField
from core.models import AuditedModel
from kommuner.validators import validate_orgnr


class Kommune(AuditedModel):
    """A school owner: a kommune or a fylkeskommune."""

    class Type(models.TextChoices):
        KOMMUNE = "kommune", _("kommune")
        FYLKESKOMMUNE = "fylkeskommune", _("fylkeskommune")

    class Malform(models.TextChoices):
        BOKMAL = "bokmal", _("bokmål")
        NYNORSK = "nynorsk", _("nynorsk")
        NOYTRAL = "noytral", _("nøytral")

    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, primary_key=True, validators=[validate_orgnr])
    nummer = models.CharField(
        _("kommunenummer"), max_length=4, help_text=_("4 sifre for en kommune, 2 for en fylkeskommune.")
    )
    navn = BoundedCharField(_("navn"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.KOMMUNE)
    fylke = BoundedCharField(_("fylke"), max_length=100, blank=True)
    malform = models.CharField(
        _("målform"),
        max_length=10,
        choices=Malform.choices,
        default=Malform.NOYTRAL,
        help_text=_(
            "Kommunens språkvedtak etter språklova § 11. Statlige organer skriver til kommunen i denne målformen "
            "(språklova § 15 andre ledd)."
        ),
    )
    postmottak = models.EmailField(_("postmottak"), blank=True)
    deler_innhold = models.BooleanField(
        _("deler innhold med veileder"),
        default=False,
        help_text=_("Om veilederen kan lese fritekst i vurderinger og planer, ikke bare status."),
    )
    is_demo = models.BooleanField(_("demodata"), default=False)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["nummer", "navn"]

    def __str__(self) -> str:
        return self.navn

    def clean(self) -> None:
        digits = 2 if self.type == self.Type.FYLKESKOMMUNE else 4
        if not (self.nummer.isdigit() and len(self.nummer) == digits):
            raise ValidationError(
                {"nummer": _("Nummeret må ha %(digits)s sifre for denne typen.") % {"digits": digits}}
            )

    def get_absolute_url(self) -> str:
        return reverse("pages:kommune", args=[self.orgnr])

    @property
    def language(self) -> str:
        """The language letters to this Kommune are written in."""
        return "nn" if self.malform == self.Malform.NYNORSK else "nb"


class Skole(AuditedModel):
    class Skoletype(models.TextChoices):
        BARNESKOLE = "barneskole", _("barneskole (1–7)")
        UNGDOMSSKOLE = "ungdomsskole", _("ungdomsskole (8–10)")
        KOMBINERT = "kombinert", _("kombinert skole (1–10)")
        VIDEREGAENDE = "videregaende", _("videregående skole")
        ANNEN = "annen", _("annen")

    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr])
    navn = BoundedCharField(_("navn"), max_length=200)
    skoletype = models.CharField(_("skoletype"), max_length=20, choices=Skoletype.choices)
    # Norway's largest schools have about 2,000 pupils and 250 staff.
    elever = models.PositiveIntegerField(_("elever"), null=True, blank=True, validators=[MaxValueValidator(10_000)])
    ansatte = models.PositiveIntegerField(_("ansatte"), null=True, blank=True, validators=[MaxValueValidator(2_000)])
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="skoler", verbose_name=_("skoleeier"))
    is_demo = models.BooleanField(_("demodata"), default=False)

    class Meta:
        verbose_name = _("skole")
        verbose_name_plural = _("skoler")
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn

    def get_absolute_url(self) -> str:
        return reverse("pages:skole", args=[self.pk])


ROLLE_FOR_VEILEDER = _(
    "En veileder eller administrator kan ikke ha en rolle i en kommune eller skole: "
    "den som veileder kommunen, kan ikke samtykke på dens vegne."
)


class Kontakt(AuditedModel):
    """A named person with a role at a Kommune or a Skole. Linked to a user, it is
    that user's membership: the role decides what they may see (DESIGN.md §9)."""

    class Rolle(models.TextChoices):
        KOMMUNALSJEF = "kommunalsjef", _("kommunalsjef")
        HMS_RADGIVER = "hms_radgiver", _("HMS-rådgiver")
        HTV = "htv", _("hovedtillitsvalgt (HTV)")
        HVO = "hvo", _("hovedverneombud (HVO)")
        BHT = "bht", _("bedriftshelsetjeneste (BHT)")
        REKTOR = "rektor", _("rektor")
        VERNEOMBUD = "verneombud", _("verneombud")
        TILLITSVALGT = "tillitsvalgt", _("tillitsvalgt")

    ARBEIDSGIVER = (Rolle.KOMMUNALSJEF, Rolle.HMS_RADGIVER)
    PARTENE = (Rolle.HTV, Rolle.HVO)
    KOMMUNE_ROLLER = (*ARBEIDSGIVER, *PARTENE, Rolle.BHT)
    SKOLE_ROLLER = (Rolle.REKTOR, Rolle.VERNEOMBUD, Rolle.TILLITSVALGT)

    kommune = models.ForeignKey(Kommune, on_delete=models.CASCADE, related_name="kontakter")
    skole = models.ForeignKey(
        Skole, on_delete=models.CASCADE, null=True, blank=True, related_name="kontakter", verbose_name=_("skole")
    )
    navn = BoundedCharField(_("navn"), max_length=200)
    epost = models.EmailField(_("e-post"))
    telefon = BoundedCharField(_("telefon"), max_length=20, blank=True)
    rolle = models.CharField(_("rolle"), max_length=20, choices=Rolle.choices)
    tittel = BoundedCharField(
        _("tittel"), max_length=200, blank=True, help_text=_("For eksempel «Kommunalsjef oppvekst» eller forbundet.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="kontakter"
    )

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["kommune", "skole", "rolle", "navn"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "skole", "rolle", "epost"], name="kontakt_unik_rolle"),
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.get_rolle_display()})"

    def clean(self) -> None:
        if self.user_id and self.user.sees_all:
            # Separation of duties (DESIGN.md §9): a veileder could otherwise consent for the kommune.
            raise ValidationError({"user": ROLLE_FOR_VEILEDER})
        if self.skole_id and self.skole.kommune_id != self.kommune_id:
            raise ValidationError({"skole": _("Skolen hører ikke til denne kommunen.")})
        if self.rolle in self.SKOLE_ROLLER and not self.skole_id:
            raise ValidationError(
                {"skole": _("Velg skolen for rollen %(rolle)s.") % {"rolle": self.get_rolle_display()}}
            )
        if self.rolle in self.KOMMUNE_ROLLER and self.skole_id:
            raise ValidationError(
                {
                    "skole": _("Rollen %(rolle)s hører til kommunen, ikke en skole.")
                    % {"rolle": self.get_rolle_display()}
                }
            )

    @property
    def language(self) -> str:
        """The person's own choice once they have a user, else the Kommune's målform."""
        return self.user.language if self.user_id else self.kommune.language

    @property
    def is_arbeidsgiver(self) -> bool:
        return self.rolle in self.ARBEIDSGIVER

    @property
    def side(self) -> str:
        """arbeidsgiver, partene, bht or hms (the school's HMS-gruppe)."""
        if self.rolle in self.ARBEIDSGIVER:
            return "arbeidsgiver"
        if self.rolle in self.PARTENE:
            return "partene"
        if self.rolle == self.Rolle.BHT:
            return "bht"
        return "hms"


def rolle_label(value: str) -> str:
    """A role by its label in the reader's language; text stored before roles were kept as
    keys (a label in the writer's language) is shown as it is."""
    return Kontakt.Rolle(value).label if value in Kontakt.Rolle.values else value
