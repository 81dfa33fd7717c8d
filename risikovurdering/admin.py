from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.admin import AuditedAdmin
from risikovurdering.matrix import check_rules
from risikovurdering.models import Risikoforhold, Risikomatrise, Risikovurdering


class RisikomatriseForm(forms.ModelForm):
    class Meta:
        model = Risikomatrise
        fields = ["navn", "versjon", "sannsynlighet", "alvorlighet", "nivaer", "grid", "er_standard"]

    def clean(self):
        cleaned = super().clean()
        candidate = Risikomatrise(**{k: cleaned.get(k) for k in ("sannsynlighet", "alvorlighet", "nivaer", "grid")})
        try:
            problems = check_rules(candidate)
        except (TypeError, KeyError, IndexError, AttributeError) as error:
            raise ValidationError(f"Matrisen har feil form: {error}") from error
        if problems:
            raise ValidationError(problems)
        return cleaned


@admin.register(Risikomatrise)
class RisikomatriseAdmin(AuditedAdmin):
    """Admins may add matrices (a 5 × 5, say); one in use is never changed, so add a
    new version instead."""

    form = RisikomatriseForm
    list_display = ["navn", "versjon", "er_standard"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.vurderinger.exists():
            return ["navn", "versjon", "sannsynlighet", "alvorlighet", "nivaer", "grid"]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.vurderinger.exists()


@admin.register(Risikovurdering)
class RisikovurderingAdmin(AuditedAdmin):
    list_display = ["__str__", "niva", "status", "dato", "neste_gjennomgang"]
    list_filter = ["niva", "status"]


@admin.register(Risikoforhold)
class RisikoforholdAdmin(AuditedAdmin):
    list_display = ["__str__", "vurdering", "sannsynlighet", "alvorlighet"]
