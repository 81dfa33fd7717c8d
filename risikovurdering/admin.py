from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.admin import AuditedAdmin
from risikovurdering.matrix import check_rules
from risikovurdering.models import Risikoforhold, Risikomatrise, Risikovurdering
from risikovurdering.selectors import rader_for
from risikovurdering.services import risikovurdering_update


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
    """The school's (or the Kommune's) own work, written on its pages. Here only a draft's
    header changes, through risikovurdering_update; marking ferdig (with its checks and the
    review reminder), the review date, versions and owner stay with the pages. Never added
    or deleted here."""

    list_display = ["__str__", "niva", "status", "dato", "neste_gjennomgang"]
    list_filter = ["niva", "status"]
    readonly_fields = [
        "kommune", "skole", "niva", "matrise", "versjon", "forrige", "status", "ferdig_av", "ferdig_at",
        "neste_gjennomgang", "ros_referanse",
    ]  # fmt: skip
    HEADER = ("dato", "enhet", "deltakere", "kilder")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == Risikovurdering.Status.FERDIG:
            return False  # a finished version is changed by starting a new one
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in self.HEADER}
        risikovurdering_update(vurdering=obj, fields=fields, by=request.user)


@admin.register(Risikoforhold)
class RisikoforholdAdmin(AuditedAdmin):
    """Rows are saved one at a time on the assessment's page, with a version and the
    privacy check (risikoforhold_save): read-only here."""

    list_display = ["__str__", "vurdering", "sannsynlighet", "alvorlighet"]

    def get_queryset(self, request):
        """Content: only what this administrator may read (the Kommune shares it), DESIGN.md §9."""
        return super().get_queryset(request).filter(pk__in=rader_for(user=request.user).values("pk"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
