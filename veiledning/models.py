from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedCharField, BoundedTextField, TextValuesValidator, no_nul, validate_programme_date
from core.models import AuditedModel
from kommuner.models import Kontakt
from veiledning.programmal import innhold_check


class Programmal(AuditedModel):
    """The programme's content (agenda, goals, tasks, evaluation, take-home packages,
    help texts, letter), versioned: a Veiledning keeps the version it started with.
    `innhold` follows veiledning/programmal/standard.json; texts are {"nb": …, "nn": …}."""

    navn = BoundedCharField(_("navn"), max_length=200)
    versjon = models.PositiveIntegerField(_("versjon"), default=1)
    innhold = models.JSONField(_("innhold"), validators=[innhold_check])
    er_aktiv = models.BooleanField(_("brukes for nye veiledninger"), default=True)
    eier_kommune = models.ForeignKey(
        "kommuner.Kommune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmaler",
        verbose_name=_("kommunens egen kopi"),
        help_text=_(
            "Tom for Arbeidstilsynets maler. Ellers kommunens egen kopi, som fasilitatoren kan tilpasse, og som "
            "bare denne kommunens nye veiledninger bruker."
        ),
    )

    class Meta:
        verbose_name = _("programmal")
        verbose_name_plural = _("programmaler")
        ordering = ["navn", "-versjon"]
        constraints = [models.UniqueConstraint(fields=["navn", "versjon"], name="programmal_unik_versjon")]

    def __str__(self) -> str:
        return f"{self.navn} v{self.versjon}"


class Veiledning(AuditedModel):
    """One run of the programme for one Kommune (DESIGN.md §3)."""

    class Steg(models.TextChoices):
        PLANLAGT = "planlagt", _("planlagt")
        INVITERT = "invitert", _("invitert")
        OPPSTART = "oppstart", _("oppstartsmøte")
        SEMINAR = "seminar", _("veiledningsseminar")
        OPPFOLGING = "oppfolging", _("oppfølging")
        AVSLUTTET = "avsluttet", _("avsluttet")

    class Brevform(models.TextChoices):
        BOKMAL = "nb", _("bokmål")
        NYNORSK = "nn", _("nynorsk")

    kommune = models.ForeignKey(
        "kommuner.Kommune", on_delete=models.PROTECT, related_name="veiledninger", verbose_name=_("kommune")
    )
    veiledere = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="veiledninger", verbose_name=_("veiledere")
    )
    skoler = models.ManyToManyField("kommuner.Skole", related_name="veiledninger", verbose_name=_("skoler"), blank=True)
    programmal = models.ForeignKey(
        Programmal, on_delete=models.PROTECT, null=True, related_name="veiledninger", verbose_name=_("programmal")
    )
    steg = models.CharField(_("steg"), max_length=20, choices=Steg.choices, default=Steg.PLANLAGT)
    var_ref = BoundedCharField(
        _("vår referanse"), max_length=40, blank=True, help_text=_("Saksnummeret fra Arbeidstilsynets arkiv.")
    )
    brevform = models.CharField(
        _("målform i brevet"),
        max_length=2,
        choices=Brevform.choices,
        blank=True,
        help_text=_("La stå tomt for å bruke kommunens målform (bokmål for nøytrale kommuner)."),
    )
    brev_sendt_at = models.DateTimeField(_("brev sendt"), null=True, blank=True)
    brev_mottakere = models.JSONField(_("brevmottakere"), default=list, blank=True)

    class Meta:
        verbose_name = _("veiledning")
        verbose_name_plural = _("veiledninger")
        constraints = [
            # One running programme per Kommune (veiledning_create says so in words first).
            models.UniqueConstraint(
                fields=["kommune"], condition=~models.Q(steg="avsluttet"), name="veiledning_en_aktiv_per_kommune"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kommune} ({self.get_steg_display()})"

    @property
    def letter_language(self) -> str:
        return self.brevform or self.kommune.language

    def samling(self, type_: str):
        return next((s for s in self.samlinger.all() if s.type == type_), None)


class StegEndring(models.Model):
    """The step history; going back or skipping carries the stated reason."""

    veiledning = models.ForeignKey(Veiledning, on_delete=models.CASCADE, related_name="stegendringer")
    fra = models.CharField(max_length=20, choices=Veiledning.Steg.choices)
    til = models.CharField(max_length=20, choices=Veiledning.Steg.choices)
    grunn = BoundedTextField(max_length=1000, blank=True)
    av = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.fra} → {self.til}"


class Samling(AuditedModel):
    class Type(models.TextChoices):
        OPPSTART = "oppstart", _("oppstartsmøte")
        SEMINAR = "seminar", _("veiledningsseminar")
        OPPFOLGING = "oppfolging", _("oppfølging etter 6 måneder")

    veiledning = models.ForeignKey(Veiledning, on_delete=models.CASCADE, related_name="samlinger")
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    start = models.DateTimeField(_("start"), validators=[validate_programme_date])
    slutt = models.DateTimeField(_("slutt"), validators=[validate_programme_date])
    sted = BoundedCharField(_("sted"), max_length=200, blank=True)
    teams_lenke = models.URLField(_("Teams-lenke"), blank=True, validators=[no_nul])
    notater = BoundedTextField(_("notater"), max_length=5000, blank=True)
    avlyst = models.BooleanField(_("avlyst"), default=False)
    # The calendar entry's SEQUENCE: each change of time, place or cancellation counts one,
    # so calendars update the entry they have (veiledning/calendar.py).
    sekvens = models.PositiveIntegerField(_("kalenderversjon"), default=0, editable=False)

    class Meta:
        verbose_name = _("samling")
        verbose_name_plural = _("samlinger")
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["veiledning", "type"], name="samling_en_per_type")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} – {self.veiledning.kommune}"


class Deltaker(AuditedModel):
    # A Kontakt's roles, and anyone else at the seminar.
    ROLLER = [*Kontakt.Rolle.choices, ("annet", _("annet"))]

    samling = models.ForeignKey(Samling, on_delete=models.CASCADE, related_name="deltakere")
    kontakt = models.ForeignKey("kommuner.Kontakt", on_delete=models.SET_NULL, null=True, blank=True)
    navn = BoundedCharField(_("navn"), max_length=200)
    epost = models.EmailField(_("e-post"))
    rolle = models.CharField(_("rolle"), max_length=20, choices=ROLLER)
    skole = models.ForeignKey(
        "kommuner.Skole", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("skole")
    )
    oppmott = models.BooleanField(_("møtte"), null=True, blank=True)

    class Meta:
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        ordering = ["skole__navn", "rolle", "navn"]
        constraints = [models.UniqueConstraint(fields=["samling", "epost"], name="deltaker_en_per_samling")]

    def __str__(self) -> str:
        return f"{self.navn} ({self.get_rolle_display()})"

    @property
    def language(self) -> str:
        return self.kontakt.language if self.kontakt_id else self.samling.veiledning.kommune.language


class Oppgavesvar(AuditedModel):
    """A school group's answer to one question of a group task, typed on the day.
    One row per question, with a version, so two people on two questions never clash."""

    veiledning = models.ForeignKey(Veiledning, on_delete=models.CASCADE, related_name="oppgavesvar")
    skole = models.ForeignKey("kommuner.Skole", on_delete=models.CASCADE, related_name="oppgavesvar")
    oppgave = models.CharField(max_length=40)  # a task key of the template (oppgavesvar_save checks it)
    sporsmal = models.PositiveSmallIntegerField(validators=[MaxValueValidator(99)])
    tekst = BoundedTextField(_("svar"), max_length=5000, blank=True)
    versjon = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("oppgavesvar")
        verbose_name_plural = _("oppgavesvar")
        constraints = [
            models.UniqueConstraint(fields=["veiledning", "skole", "oppgave", "sporsmal"], name="oppgavesvar_unik")
        ]

    def __str__(self) -> str:
        return f"{self.skole} {self.oppgave}.{self.sporsmal}"


class Egenvurdering(AuditedModel):
    """A school's self-assessment against "Hva ser vi etter?": at oppstart (baseline)
    and before oppfølging. Answers: {key: {"svar": "ja|delvis|nei", "kommentar": ""}}."""

    class Fase(models.TextChoices):
        BASELINE = "baseline", _("ved oppstart")
        OPPFOLGING = "oppfolging", _("før oppfølging")

    class Svar(models.TextChoices):
        JA = "ja", _("ja")
        DELVIS = "delvis", _("delvis")
        NEI = "nei", _("nei")

    POENG = {"ja": 2, "delvis": 1, "nei": 0}
    # A question of "type": "nivaer" (on which levels a risk assessment is made) is answered
    # by ticking the levels: {"nivaer": ["skole", "sektor"], "kommentar": ""}. An answer
    # given as ja / delvis / nei before the question had levels keeps its meaning.
    NIVAER = "nivaer"

    veiledning = models.ForeignKey(Veiledning, on_delete=models.CASCADE, related_name="egenvurderinger")
    skole = models.ForeignKey("kommuner.Skole", on_delete=models.CASCADE, related_name="egenvurderinger")
    fase = models.CharField(_("fase"), max_length=20, choices=Fase.choices)
    KOMMENTAR_MAX_LENGTH = 1000
    svar = models.JSONField(default=dict, validators=[TextValuesValidator(KOMMENTAR_MAX_LENGTH)])
    ferdig = models.BooleanField(_("ferdig"), default=False)

    class Meta:
        verbose_name = _("egenvurdering")
        verbose_name_plural = _("egenvurderinger")
        constraints = [models.UniqueConstraint(fields=["veiledning", "skole", "fase"], name="egenvurdering_unik")]

    def __str__(self) -> str:
        return f"{self.skole} ({self.get_fase_display()})"

    @staticmethod
    def nivaer_values() -> list[str]:
        """The levels of the risk tool, in the seed's order (individ, trinn, skole, sektor)."""
        from risikovurdering.models import Risikovurdering

        return list(Risikovurdering.Niva.values)

    @classmethod
    def svar_av(cls, answer: dict) -> str:
        """ja / delvis / nei of one answer. The levels question scores as "ja" when the school
        level and at least one more level are assessed (the seed: the school level is the one
        most often missing, and one level alone is not the whole picture), "delvis" when some
        level is, "nei" when none is; the score's maximum stays 2 a question."""
        if cls.NIVAER in answer:
            nivaer = set(answer[cls.NIVAER] or ())
            if "skole" in nivaer and len(nivaer) >= 2:
                return cls.Svar.JA
            return cls.Svar.DELVIS if nivaer else cls.Svar.NEI
        return answer.get("svar", "")

    @classmethod
    def answered(cls, answer: dict) -> bool:
        """Ticking no level is an answer (none); an empty ja / delvis / nei is not."""
        return cls.NIVAER in answer or bool(answer.get("svar"))

    @property
    def poeng(self) -> int:
        return sum(self.POENG.get(self.svar_av(a), 0) for a in self.svar.values())
