from django import forms
from django.utils.translation import gettext_lazy as _

from core import regelverk
from core.bounds import max_length_of, show_limits
from risikovurdering.models import Kommentar, Risikoforhold, Risikovurdering
from veiledning.programmal import tekst

NO_NAMES = _("Beskriv situasjonen, ikke personer: ingen navn, fødselsnummer eller diagnoser.")
ROS_REFERANSE_HELP = _(
    "ROS-analysen for en elev ligger i elevens sak, ikke her. Skriv bare saksnummeret eller hvor analysen "
    "ligger, aldri navn, diagnoser eller andre opplysninger om eleven."
)


def faktorer_label() -> str:
    """ "Forhold som risikovurderingen særlig skal ta hensyn til (§ 3A-2 (tidligere § 23A-1))":
    the paragraph in force today, from core.regelverk. An assessment is a living document
    (reviewed, copied to new versions), so even one dated 2025 is read against today's
    rules, with the number it had then beside it."""
    paragraf = regelverk.paragraf_med_tidligere("risikovurdering")
    if not paragraf:
        return str(_("Forhold som risikovurderingen særlig skal ta hensyn til"))
    return _("Forhold som risikovurderingen særlig skal ta hensyn til (%(paragraf)s)") % {"paragraf": paragraf}


class NyVurderingForm(forms.Form):
    niva = forms.ChoiceField(
        label=_("Nivå"),
        choices=[  # the seed's order, from the individual to the school (sektor is the Kommune's)
            (Risikovurdering.Niva.INDIVID, _("ROS-analyse for en elev (bare en henvisning til analysen)")),
            (Risikovurdering.Niva.TRINN, _("et trinn eller en avdeling")),
            (Risikovurdering.Niva.SKOLE, _("hele skolen")),
        ],
        widget=forms.RadioSelect,
        initial=Risikovurdering.Niva.SKOLE,
    )
    enhet = forms.CharField(
        label=_("Trinn eller avdeling"), max_length=max_length_of(Risikovurdering, "enhet"), required=False
    )
    ros_referanse = forms.CharField(
        label=_("Saksnummer eller hvor analysen ligger"), max_length=max_length_of(Risikovurdering, "ros_referanse"),
        required=False, help_text=ROS_REFERANSE_HELP,
    )  # fmt: skip


class HeaderForm(forms.ModelForm):
    deltakere = forms.MultipleChoiceField(
        label=_("Hvem var med (medvirkning)"), choices=Risikovurdering.Deltaker.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    kilder = forms.MultipleChoiceField(
        label=_("Hva bygger vurderingen på"), choices=Risikovurdering.Kilde.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip

    class Meta:
        model = Risikovurdering
        fields = ["dato", "enhet", "ros_referanse", "deltakere", "kilder", "neste_gjennomgang"]
        widgets = {
            "dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "neste_gjennomgang": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.niva != Risikovurdering.Niva.TRINN:
            del self.fields["enhet"]
        if self.instance.er_henvisning:  # a reference to the pupil's ROS analysis, nothing more
            for name in ("deltakere", "kilder"):
                del self.fields[name]
            self.fields["ros_referanse"].label = _("Saksnummer eller hvor analysen ligger")
            self.fields["ros_referanse"].help_text = ROS_REFERANSE_HELP
        else:
            del self.fields["ros_referanse"]
        self.fields["neste_gjennomgang"].help_text = _("Minst én gang i året, og når noe endrer seg.")


def ladder_text(matrise, language: str) -> str:
    """The seed's severity ladder, from the assessment's own matrix: each band of
    alvorlighet by its name with what its description says (the incident types it holds
    and what they lead to: plager, skader og sykdommer, død); the incident types where a
    matrix has no description."""
    bands = []
    for band, level in enumerate(matrise.alvorlighet):
        kinds = ", ".join(
            str(label) for key, label in Risikoforhold.Hendelse.choices if Risikoforhold.LADDER.get(key) == band
        )
        bands.append(f"{tekst(level['navn'], language)}: {tekst(level.get('beskrivelse'), language) or kinds}")
    return _("Alvorlighetsgrad – %(trinn)s. Vold og trusler kan være fysiske, verbale eller digitale.") % {
        "trinn": "; ".join(bands)
    }


def _scale_choices(levels, language):
    return [
        (i, f"{tekst(level['navn'], language)} – {tekst(level['beskrivelse'], language)}")
        for i, level in enumerate(levels)
    ]


class RadForm(forms.ModelForm):
    """One Risikoforhold, in the order of the seed's exercise."""

    versjon = forms.IntegerField(widget=forms.HiddenInput)
    utsatte = forms.MultipleChoiceField(
        label=_("Hvem er utsatt"), choices=Risikoforhold.Utsatt.choices, widget=forms.CheckboxSelectMultiple,
        required=False,
    )  # fmt: skip
    faktorer = forms.MultipleChoiceField(
        label=_("Forhold som risikovurderingen særlig skal ta hensyn til"), choices=Risikoforhold.Faktor.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    sannsynlighet = forms.TypedChoiceField(
        label=_("Sannsynlighet"), coerce=int, empty_value=None, widget=forms.RadioSelect, required=False
    )
    alvorlighet = forms.TypedChoiceField(
        label=_("Alvorlighetsgrad"), coerce=int, empty_value=None, widget=forms.RadioSelect, required=False
    )

    class Meta:
        model = Risikoforhold
        fields = [
            "hvor", "hvor_annet", "nar", "nar_annet", "situasjon", "utsatte", "utsatte_annet", "hendelse",
            "faktorer", "eksisterende_tiltak", "sannsynlighet", "alvorlighet",
        ]  # fmt: skip
        widgets = {
            "hvor": forms.RadioSelect,
            "nar": forms.RadioSelect,
            "hendelse": forms.RadioSelect,
            "situasjon": forms.Textarea(attrs={"rows": 3}),
            "eksisterende_tiltak": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, matrise, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("hvor", "nar", "hendelse"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
            self.fields[name].required = False
        self.fields["sannsynlighet"].choices = _scale_choices(matrise.sannsynlighet, language)
        self.fields["alvorlighet"].choices = _scale_choices(matrise.alvorlighet, language)
        self.fields["situasjon"].help_text = NO_NAMES
        self.fields["hendelse"].help_text = ladder_text(matrise, language)
        self.fields["faktorer"].label = faktorer_label()
        for name in Risikoforhold.TEXT_FIELDS:
            self.fields[name].widget.attrs["data-privacy"] = "1"
        if not self.is_bound:
            self.initial["versjon"] = self.instance.versjon
        if self.instance.pk is None:  # a new row has no stored version to be stale against
            self.fields["versjon"].required = False
        show_limits(self)


class KommentarForm(forms.Form):
    tekst = forms.CharField(
        label=_("Kommentar"),
        max_length=max_length_of(Kommentar, "tekst"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_NAMES,
    )
    bekreft = forms.BooleanField(label=_("Teksten identifiserer ingen"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_limits(self)
