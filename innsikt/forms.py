import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from innsikt.models import Forskningsuttrekk
from innsikt.selectors import Utvalg, fylker, skoletype_choices

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(forms.CharField):
    """A month as <input type="month"> sends it (ÅÅÅÅ-MM), to the first day of that month."""

    widget = forms.TextInput(attrs={"type": "month", "maxlength": 7})

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH.match(value) if len(value) == 7 else None
        if not match or not (2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12):
            raise forms.ValidationError(_("Skriv måneden som ÅÅÅÅ-MM, for eksempel 2026-01."), code="invalid")
        return date(int(match[1]), int(match[2]), 1)


class UtvalgForm(forms.Form):
    """The national picture's filters (GET)."""

    fylke = forms.ChoiceField(label=_("Fylke"), required=False)
    skoletype = forms.ChoiceField(label=_("Skoletype"), required=False)
    fra = MonthField(label=_("Startet fra (måned)"))
    til = MonthField(label=_("Startet til og med (måned)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Alle"))]
        self.fields["fylke"].choices = everyone + [(f, f) for f in fylker()]
        self.fields["skoletype"].choices = everyone + [
            (v, label[:1].upper() + label[1:]) for v, label in skoletype_choices()
        ]

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["fra"] > data["til"]:
            self.add_error("til", _("Til-måneden kan ikke være før fra-måneden."))
        return data

    def utvalg(self) -> Utvalg:
        d = self.cleaned_data
        return Utvalg(fylke=d["fylke"], skoletype=d["skoletype"], fra=d["fra"], til=d["til"])


class UttrekkForm(forms.ModelForm):
    """Why the research export is taken: written in its history."""

    class Meta:
        model = Forskningsuttrekk
        fields = ["formal"]
        labels = {"formal": _("Formål")}
        help_texts = {
            "formal": _("Hva dataene skal brukes til, for eksempel «erfaringssamling med partene og STAMI, mars 2027».")
        }
        widgets = {"formal": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"formal": {"required": _("Skriv hva dataene skal brukes til.")}}
