from django import forms
from django.utils.translation import gettext_lazy as _

from core.bounds import IdsChoiceField, max_length_of, show_limits
from core.privacy import offer_confirm
from handlingsplan.models import (
    Handlingsplan,
    Melding,
    Statusforesporsel,
    Statussvar,
    Tiltak,
    TiltakStatusEndring,
    omrade_med_paragraf,
)
from kommuner.models import Kontakt
from risikovurdering.models import Risikoforhold


class SvarForm(forms.Form):
    """The seed's guided questions, one text field each."""

    def __init__(self, *args, questions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for i, question in enumerate(questions):
            self.fields[str(i)] = forms.CharField(
                label=question,
                required=False,
                max_length=Handlingsplan.SVAR_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        offer_confirm(self, list(self.fields), bound=Handlingsplan.SVAR_MAX_LENGTH)
        show_limits(self)


def row_label(rad: Risikoforhold) -> str:
    """A risk row as a measure names it: place and time in words, and its situation
    whole (never cut mid-word)."""
    name = Risikoforhold.name_of(
        {f: getattr(rad, f) for f in ("hvor", "hvor_annet", "nar", "nar_annet")}, matrise=rad.vurdering.matrise
    )
    return f"{name}: {rad.situasjon}" if rad.situasjon else name


MEASURES_HELP = _(
    "Fjern eller reduser risikoen så langt som mulig. Tenk særlig på utforming og tilrettelegging av "
    "arbeidsplassen og arbeidet, systematisk vedlikehold av arbeidsutstyr som alarmer, muligheten til å tilkalle "
    "hjelp, og bemanning, også alenearbeid."
)


class TiltakForm(forms.ModelForm):
    class Meta:
        model = Tiltak
        fields = [
            "beskrivelse", "type", "omrade", "risikoforhold", "ansvarlig_rolle", "ansvarlig_kontakt",
            "ansvarlig_navn", "frist", "effekt",
        ]  # fmt: skip
        widgets = {
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
            "type": forms.RadioSelect,
            "risikoforhold": forms.CheckboxSelectMultiple,
            "frist": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effekt": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"risikoforhold": IdsChoiceField}

    def __init__(self, *args, plan, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risikoforhold"].queryset = rows
        self.fields["risikoforhold"].label_from_instance = row_label
        self.fields["ansvarlig_kontakt"].queryset = Kontakt.objects.filter(kommune=plan.kommune, skole=plan.skole)
        self.fields["beskrivelse"].help_text = MEASURES_HELP
        self.fields["omrade"].choices = [("", "---------")] + [
            (key, omrade_med_paragraf(key)) for key in Tiltak.Omrade.values
        ]  # the paragraph in force today, from core.regelverk
        self.fields["ansvarlig_rolle"].help_text = _("For eksempel rektor, verneombud eller HMS-rådgiver.")
        self.fields["type"].help_text = _("Helst fjerne risikoen; ellers redusere den; ellers kompensere.")
        self.fields["effekt"].help_text = _("Fylles ut ved oppfølgingen: virket tiltaket?")
        offer_confirm(self, ["beskrivelse", "ansvarlig_rolle", "effekt"], bound=max_length_of(Tiltak, "beskrivelse"))
        show_limits(self)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=Tiltak.Status.choices)
    kommentar = forms.CharField(
        label=_("Kommentar"), required=False, max_length=max_length_of(TiltakStatusEndring, "kommentar")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_confirm(self, ["kommentar"], bound=max_length_of(TiltakStatusEndring, "kommentar"))
        show_limits(self)


class TekstForm(forms.Form):
    """A message to the schools, or a comment on the plan: both bounded alike."""

    tekst = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 3}), max_length=max_length_of(Melding, "tekst")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_limits(self)


class SkolerField(forms.ModelMultipleChoiceField):
    """The schools a message or a request goes to: none chosen at first, at least one."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Til hvilke skoler?"),
            queryset=None,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Velg minst én skole."), "invalid_choice": _("Ukjent skole.")},
            **kwargs,
        )

    def label_from_instance(self, obj) -> str:
        return obj.navn


class MeldingForm(TekstForm):
    """A message to the plan pages of the schools the owner chooses."""

    skoler = SkolerField()

    def __init__(self, *args, skoler, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skoler"].queryset = skoler
        offer_confirm(self, ["tekst"], bound=max_length_of(Melding, "tekst"))


class StatusforesporselForm(forms.Form):
    DEFAULT = _(
        "Hvordan går det forebyggende arbeidet mot vold og trusler hos dere? Hva fungerer, og hva er vanskelig?"
    )

    sporsmal = forms.CharField(
        label=_("Spørsmål til skolene"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=max_length_of(Statusforesporsel, "sporsmal"),
    )
    skoler = SkolerField()

    def __init__(self, *args, skoler, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skoler"].queryset = skoler
        self.fields["sporsmal"].initial = str(self.DEFAULT)
        offer_confirm(self, ["sporsmal"], bound=max_length_of(Statusforesporsel, "sporsmal"))
        show_limits(self)


class StatussvarForm(forms.Form):
    tekst = forms.CharField(
        label=_("Svar til kommunen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=max_length_of(Statussvar, "tekst"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_confirm(self, ["tekst"], bound=max_length_of(Statussvar, "tekst"))
        show_limits(self)
