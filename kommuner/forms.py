from django import forms
from django.utils.translation import gettext_lazy as _

from kommuner.models import Kommune, Kontakt, Skole


class KommuneSearchForm(forms.Form):
    q = forms.CharField(label=_("Søk etter kommune, nummer eller skole"), required=False, max_length=100)


class KontaktForm(forms.ModelForm):
    """Add a person at the Kommune or one of its schools. Model validation (role needs
    a school, duplicates) reaches the form as field errors."""

    class Meta:
        model = Kontakt
        fields = ["navn", "epost", "telefon", "rolle", "tittel", "skole"]

    def __init__(self, *args, kommune: Kommune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kommune = kommune
        self.fields["skole"].queryset = Skole.objects.filter(kommune=kommune)
        self.fields["skole"].required = False
        self.fields["skole"].help_text = _(
            "La stå tomt for roller i kommunen (kommunalsjef, HMS-rådgiver, HTV, HVO, BHT)."
        )
        self.fields["epost"].widget.attrs["autocomplete"] = "email"
        self.fields["navn"].widget.attrs["autocomplete"] = "name"
        self.fields["telefon"].widget.attrs["autocomplete"] = "tel"
