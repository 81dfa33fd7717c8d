from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedCharField, BoundedTextField, ChoiceListValidator, validate_programme_date
from core.language import content_language
from core.models import AuditedModel, KommentarBase
from core.words import EMPTY, label_of
from kommuner.models import rolle_label
from risikovurdering.matrix import scale_label


class Risikomatrise(AuditedModel):
    """Scales and grid as data (DESIGN.md §4): `sannsynlighet` and `alvorlighet` are
    lists of levels {key, navn{nb,nn}, beskrivelse{nb,nn}}; `nivaer` the risk levels
    {key, navn, css}; `grid[s][a]` the risk level key for those indexes."""

    navn = BoundedCharField(_("navn"), max_length=200)
    versjon = models.PositiveIntegerField(_("versjon"), default=1)
    sannsynlighet = models.JSONField(_("sannsynlighet"))
    alvorlighet = models.JSONField(_("alvorlighetsgrad"))
    nivaer = models.JSONField(_("risikonivåer"))
    grid = models.JSONField(_("matrise"))
    er_standard = models.BooleanField(_("standard for nye vurderinger"), default=False)

    class Meta:
        verbose_name = _("risikomatrise")
        verbose_name_plural = _("risikomatriser")
        constraints = [models.UniqueConstraint(fields=["navn", "versjon"], name="risikomatrise_unik_versjon")]

    def __str__(self) -> str:
        return f"{self.navn} v{self.versjon}"


class Risikovurdering(AuditedModel):
    class Niva(models.TextChoices):
        """The seed's levels, from the individual to the sector. The individual level is
        only a reference to a ROS analysis kept elsewhere: never pupil data, no rows."""

        INDIVID = "individ", _("ROS-analyse på individnivå")
        TRINN = "trinn", _("trinn/avdeling")
        SKOLE = "skole", _("skole")
        SEKTOR = "sektor", _("sektor (kommunen)")

    class Status(models.TextChoices):
        UTKAST = "utkast", _("utkast")
        FERDIG = "ferdig", _("ferdig")

    class Deltaker(models.TextChoices):
        REKTOR = "rektor", _("rektor")
        VERNEOMBUD = "verneombud", _("verneombud")
        TILLITSVALGT = "tillitsvalgt", _("tillitsvalgte")
        LEDELSE = "ledelse", _("ledelse i kommunen")
        HMS = "hms", _("HMS-seksjon")
        HTV_HVO = "htv_hvo", _("HTV og HVO")
        HAMU = "hamu", _("HAMU (hovedarbeidsmiljøutvalget)")
        BHT = "bht", _("BHT")
        ANDRE = "andre", _("andre ansatte")

    class Kilde(models.TextChoices):
        AVVIK = "avvik", _("avviksmeldinger")
        SAMTALER = "samtaler", _("samtaler")
        KARTLEGGINGER = "kartlegginger", _("kartlegginger")
        PLANER = "planer", _("planer og rutiner")
        TIFAKTOR = "10faktor", _("10-faktor")
        MTM = "mtm", _("MTM")

    CHOICE_LISTS = {"deltakere": Deltaker.choices, "kilder": Kilde.choices}  # in words: core.words.label_of

    kommune = models.ForeignKey("kommuner.Kommune", on_delete=models.CASCADE, related_name="risikovurderinger")
    skole = models.ForeignKey(
        "kommuner.Skole", on_delete=models.CASCADE, null=True, blank=True, related_name="risikovurderinger"
    )
    niva = models.CharField(_("nivå"), max_length=10, choices=Niva.choices)
    enhet = BoundedCharField(
        _("trinn eller avdeling"), max_length=100, blank=True, help_text=_("For eksempel «5.–7. trinn» eller «SFO».")
    )
    # The individual level: where the ROS analysis is kept, nothing about the pupil.
    ros_referanse = BoundedCharField(_("saksnummer eller hvor analysen ligger"), max_length=200, blank=True)
    matrise = models.ForeignKey(Risikomatrise, on_delete=models.PROTECT, related_name="vurderinger")
    versjon = models.PositiveIntegerField(_("versjon"), default=1)
    forrige = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="neste")
    dato = models.DateField(_("dato"), validators=[validate_programme_date])
    deltakere = models.JSONField(
        _("hvem var med"), default=list, blank=True, validators=[ChoiceListValidator(Deltaker.values)]
    )
    kilder = models.JSONField(
        _("hva bygger vurderingen på"), default=list, blank=True, validators=[ChoiceListValidator(Kilde.values)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UTKAST)
    ferdig_av = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    ferdig_at = models.DateTimeField(null=True, blank=True)
    neste_gjennomgang = models.DateField(
        _("neste gjennomgang"), null=True, blank=True, validators=[validate_programme_date]
    )

    class Meta:
        verbose_name = _("risikovurdering")
        verbose_name_plural = _("risikovurderinger")
        ordering = ["-dato", "-versjon"]

    def __str__(self) -> str:
        owner = self.skole or self.kommune
        return f"{owner} – {self.get_niva_display()} v{self.versjon}"

    @property
    def er_henvisning(self) -> bool:
        """An individual-level entry: a reference to a ROS analysis kept elsewhere, no rows."""
        return self.niva == self.Niva.INDIVID


class Risikoforhold(AuditedModel):
    """One row, in the order of the seed's exercise. About situations, never people."""

    class Hvor(models.TextChoices):
        KLASSEROM = "klasserom", _("klasserom")
        GANG = "gang", _("gang")
        UTE = "ute", _("skolegård/uteområde")
        GARDEROBE = "garderobe", _("garderobe")
        SFO = "sfo", _("SFO/AKS")
        SPESIAL = "spesial", _("spesialavdeling")
        TUR = "tur", _("på tur")
        SKYSS = "skyss", _("skoleskyss")
        DIGITALT = "digitalt", _("digitalt")
        ANNET = "annet", _("annet")

    class Nar(models.TextChoices):
        SKOLESTART = "skolestart", _("skolestart")
        FRIMINUTT = "friminutt", _("friminutt")
        OVERGANGER = "overganger", _("overganger")
        UNDERVISNING = "undervisning", _("undervisning")
        SFO = "sfo", _("SFO")
        AVSLUTNING = "avslutning", _("avslutning av dagen")
        ANNET = "annet", _("annet")

    class Utsatt(models.TextChoices):
        LAERER = "laerer", _("lærer")
        ASSISTENT = "assistent", _("assistent")
        MILJOARBEIDER = "miljoarbeider", _("miljøarbeider")
        VIKAR = "vikar", _("vikar")
        NYANSATT = "nyansatt", _("nyansatt")
        LEDER = "leder", _("leder")
        ANNET = "annet", _("annet")

    class Hendelse(models.TextChoices):
        SPYTTING = "spytting", _("spytting")
        SKJELLSORD = "skjellsord", _("skjellsord og banning")
        BLIKKING = "blikking", _("blikking")
        MOTSTRIDENDE = "motstridende", _("motstridende krav")
        SLAG = "slag", _("slag, spark, lugging")
        TRUSLER = "trusler", _("trusler")
        DIGITALT = "digitalt", _("digitale trusler og krenkelser")
        KNIV = "kniv", _("angrep med kniv eller våpen")
        SKOLESKYTING = "skoleskyting", _("skoleskyting")
        ANNET = "annet", _("annet")

    class Faktor(models.TextChoices):
        ORGANISERING = "organisering", _("arbeidets organisering og tilrettelegging")
        ALENEARBEID = "alenearbeid", _("alenearbeid")
        ARBEIDSTID = "arbeidstid", _("arbeidstidens plassering og organisering")
        BEMANNING = "bemanning", _("bemanning")
        KOMPETANSE = "kompetanse", _("kompetanse")
        LOKALER = "lokaler", _("utforming av arbeidslokalene og tekniske løsninger")
        EFFEKT = "effekt", _("effekten av iverksatte og planlagte forebyggende tiltak")

    # The seed's severity ladder: which band of alvorlighet each incident type suggests
    # (violence and threats may be physical, verbal or digital; digital threats sit with threats).
    LADDER = {
        "spytting": 0, "skjellsord": 0, "blikking": 0, "motstridende": 0, "slag": 1, "trusler": 1, "digitalt": 1,
        "kniv": 2, "skoleskyting": 2,
    }  # fmt: skip
    CHOICE_LISTS = {"utsatte": Utsatt.choices, "faktorer": Faktor.choices}
    SCALES = ("sannsynlighet", "alvorlighet")
    TEXT_FIELDS = ("hvor_annet", "nar_annet", "situasjon", "utsatte_annet", "eksisterende_tiltak")

    vurdering = models.ForeignKey(Risikovurdering, on_delete=models.CASCADE, related_name="rader")
    hvor = models.CharField(_("hvor"), max_length=20, choices=Hvor.choices, blank=True)
    hvor_annet = BoundedCharField(_("annet sted"), max_length=200, blank=True)
    nar = models.CharField(_("når"), max_length=20, choices=Nar.choices, blank=True)
    nar_annet = BoundedCharField(_("annet tidspunkt"), max_length=200, blank=True)
    situasjon = BoundedTextField(_("situasjon"), max_length=4000, blank=True)
    utsatte = models.JSONField(
        _("hvem er utsatt"), default=list, blank=True, validators=[ChoiceListValidator(Utsatt.values)]
    )
    utsatte_annet = BoundedCharField(_("andre utsatte"), max_length=200, blank=True)
    hendelse = models.CharField(_("type hendelse"), max_length=20, choices=Hendelse.choices, blank=True)
    faktorer = models.JSONField(
        _("forhold risikovurderingen særlig skal ta hensyn til"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(Faktor.values)],
    )
    eksisterende_tiltak = BoundedTextField(_("tiltak som finnes i dag"), max_length=4000, blank=True)
    sannsynlighet = models.PositiveSmallIntegerField(_("sannsynlighet"), null=True, blank=True)
    alvorlighet = models.PositiveSmallIntegerField(_("alvorlighetsgrad"), null=True, blank=True)
    versjon = models.PositiveIntegerField(default=1)
    # The row this one was copied from when a review started a new version: the measures
    # follow the row, and its history can be read back through the versions.
    forrige = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="kopier")

    class Meta:
        verbose_name = _("risikoforhold")
        verbose_name_plural = _("risikoforhold")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_hvor_display() or '–'} / {self.get_nar_display() or '–'}"

    def value_in_words(self, field: str) -> str:
        """What core.words.words shows for this row's field."""
        annet = getattr(self, f"{field}_annet", "")
        matrise = self.vurdering.matrise if field in self.SCALES else None  # no query for the other fields
        return self.words_of(field, getattr(self, field), matrise=matrise, annet=annet)

    @classmethod
    def words_of(cls, field: str, value, *, matrise, annet: str = "") -> str:
        """A stored value in the reader's language: a matrix position by its scale's name,
        "annet" by the text typed beside it."""
        if field in cls.SCALES:
            return scale_label(matrise, field, value, content_language())
        if annet and value == cls.Hvor.ANNET:
            return annet
        if annet and isinstance(value, list) and cls.Utsatt.ANNET in value:
            rest = [item for item in value if item != cls.Utsatt.ANNET]
            return ", ".join([label_of(cls, field, rest), annet] if rest else [annet])
        return label_of(cls, field, value)

    @classmethod
    def name_of(cls, values: dict, *, matrise) -> str:
        """A row by its place and time ("Klasserom / overganger"), from stored values."""
        hvor, nar = (
            cls.words_of(f, values.get(f) or "", matrise=matrise, annet=values.get(f"{f}_annet") or "")
            for f in ("hvor", "nar")
        )
        return f"{hvor[:1].upper()}{hvor[1:]} / {nar}" if (hvor, nar) != (EMPTY, EMPTY) else EMPTY


class Kommentar(KommentarBase):
    """The parties and BHT read the sektor assessment and comment on it (DESIGN.md §9)."""

    vurdering = models.ForeignKey(Risikovurdering, on_delete=models.CASCADE, related_name="kommentarer")

    @property
    def rolle_display(self) -> str:
        return rolle_label(self.rolle)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.av} – {self.vurdering}"
