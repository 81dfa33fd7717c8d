from django import forms
from django.utils.translation import gettext_lazy as _

from core.bounds import max_length_of, show_limits, validate_programme_date
from core.privacy import offer_confirm
from evaluering.models import Svar
from veiledning.programmal import tekst


class BesvarelseForm(forms.Form):
    """Built from the evaluation's questions. No single question is required (a partial
    answer is still an answer), but an empty one is not. When a free text posted may
    identify someone, a checkbox lets the writer confirm that it does not."""

    def __init__(self, *args, evaluering, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        ends = evaluering.likert_ender
        low, high = tekst(ends.get("lav", ""), language), tekst(ends.get("hoy", ""), language)
        for q in evaluering.sporsmal:
            label = tekst(q["tekst"], language)
            if q["type"] == "likert":
                choices = [
                    (i, f"{i} – {low}" if i == 1 else f"{i} – {high}" if i == 5 else str(i)) for i in range(1, 6)
                ]
                self.fields[q["key"]] = forms.TypedChoiceField(
                    label=label, choices=choices, coerce=int, widget=forms.RadioSelect, required=False, empty_value=None
                )
            elif q["type"] == "rolle":
                choices = [(v["key"], tekst(v["label"], language)) for v in q.get("valg", [])]
                self.fields[q["key"]] = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, required=False
                )
            else:
                self.fields[q["key"]] = forms.CharField(
                    label=label, required=False, max_length=max_length_of(Svar, "tekst"),
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("Ikke skriv navn på personer."),
                )  # fmt: skip
        free = [q["key"] for q in evaluering.sporsmal if q["type"] == "fritekst"]
        offer_confirm(self, free, bound=max_length_of(Svar, "tekst"))
        show_limits(self)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.answers()[0]:
            raise forms.ValidationError(_("Svaret er tomt. Velg minst ett svar eller skriv noe før du sender."))
        return cleaned

    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("bekreft"))

    def answers(self) -> tuple[dict, str]:
        answers, rolle = {}, ""
        for name, value in self.cleaned_data.items():
            if name == "bekreft":
                continue
            if isinstance(self.fields[name], forms.TypedChoiceField):
                if value is not None:
                    answers[name] = value
            elif isinstance(self.fields[name], forms.ChoiceField):
                rolle = value or ""
            elif value:
                answers[name] = value.strip()
        return answers, rolle


class VinduForm(forms.Form):
    apner_at = forms.DateTimeField(
        label=_("Åpner"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[validate_programme_date],
    )
    lukker_at = forms.DateTimeField(
        label=_("Stenger"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[validate_programme_date],
    )
