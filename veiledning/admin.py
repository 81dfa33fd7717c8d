"""The admin writes through the same services as the pages (DESIGN.md §10): a field whose
change has side effects (reminders, the follow-up, step checks, history) is either saved
by its service here or read-only."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.admin import AuditedAdmin
from kommuner.access import Omrade, q
from veiledning import services
from veiledning.models import Deltaker, Egenvurdering, Programmal, Samling, Veiledning

SAMLING_TIME_FIELDS = ("start", "slutt", "sted", "teams_lenke")


@admin.register(Veiledning)
class VeiledningAdmin(AuditedAdmin):
    """Started from the Kommune's page (veiledning_create); the step moves on the
    Veiledning's page with its checks and history; the letter is sent from there."""

    list_display = ["kommune", "steg", "brev_sendt_at", "created_at"]
    list_filter = ["steg", "kommune__fylke"]
    filter_horizontal = ["veiledere", "skoler"]
    readonly_fields = ["kommune", "programmal", "steg", "brev_sendt_at", "brev_mottakere"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["veiledere"].queryset = User.objects.filter(is_veileder=True)
        if obj is not None:
            form.base_fields["skoler"].queryset = obj.kommune.skoler.all()
            # A facilitator runs their own Kommune's programmes only (veiledning_set_veiledere).
            form.base_fields["veiledere"].queryset = User.objects.filter(is_veileder=True).filter(
                Q(fasilitator_for__isnull=True) | Q(fasilitator_for=obj.kommune)
            )
        return form

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # its Samlinger have reminders; a Veiledning ends by its last step

    def save_model(self, request, obj, form, change):
        services.veiledning_update_brev(veiledning=obj, var_ref=obj.var_ref, brevform=obj.brevform, by=request.user)

    def save_related(self, request, form, formsets, change):
        veiledning = form.instance
        services.veiledning_set_veiledere(
            veiledning=veiledning, veiledere=form.cleaned_data["veiledere"], by=request.user
        )
        services.veiledning_set_skoler(veiledning=veiledning, skoler=form.cleaned_data["skoler"], by=request.user)


@admin.register(Programmal)
class ProgrammalAdmin(AuditedAdmin):
    """Editing a template saves a new version; Veiledninger keep the one they started with."""

    list_display = ["navn", "versjon", "er_aktiv", "eier_kommune", "created_at"]
    list_filter = [("eier_kommune", admin.EmptyFieldListFilter)]
    readonly_fields = ["versjon", "er_aktiv", "eier_kommune"]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        stored = Programmal.objects.get(pk=obj.pk)
        new = services.programmal_new_version(programmal=stored, innhold=obj.innhold, by=request.user)
        obj.pk, obj.versjon = new.pk, new.versjon

    def has_delete_permission(self, request, obj=None):
        return False  # versions in use must stay


class SamlingForm(forms.ModelForm):
    class Meta:
        model = Samling
        fields = ["veiledning", "type", "start", "slutt", "sted", "teams_lenke", "notater", "avlyst"]

    def clean(self):
        cleaned = super().clean()
        start, slutt = cleaned.get("start"), cleaned.get("slutt")
        if start and slutt and slutt <= start:
            self.add_error("slutt", _("Slutt må være etter start."))
        stored = self.instance if self.instance.pk else None
        if (
            stored is not None
            and cleaned.get("avlyst")
            and not stored.avlyst
            and any(f in self.changed_data for f in SAMLING_TIME_FIELDS)
        ):
            raise forms.ValidationError(_("Avlys eller flytt samlingen, ikke begge deler på én gang."))
        return cleaned


@admin.register(Samling)
class SamlingAdmin(AuditedAdmin):
    """A move goes through samling_schedule (reminders, the seminar's oppfølging and
    evaluation follow it); cancelling through samling_cancel. Never deleted: cancel it."""

    form = SamlingForm
    list_display = ["veiledning", "type", "start", "avlyst"]
    list_filter = ["type"]

    def get_readonly_fields(self, request, obj=None):
        return ["veiledning", "type"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        by = request.user
        stored = Samling.objects.get(pk=obj.pk) if change else None
        if stored is not None and obj.avlyst:
            if not stored.avlyst:
                services.samling_cancel(samling=stored, by=by)
            if obj.notater != stored.notater:
                services.samling_set_notater(samling=stored, notater=obj.notater, by=by)
            return
        samling = services.samling_schedule(
            veiledning=obj.veiledning, type=obj.type, start=obj.start, slutt=obj.slutt, sted=obj.sted,
            teams_lenke=obj.teams_lenke, notater=obj.notater, by=by, source="admin",
        )  # fmt: skip
        if obj.avlyst:  # added as cancelled
            samling = services.samling_cancel(samling=samling, by=by)
        obj.pk = samling.pk


class DeltakerForm(forms.ModelForm):
    class Meta:
        model = Deltaker
        fields = ["samling", "kontakt", "navn", "epost", "rolle", "skole", "oppmott"]

    def clean(self):
        cleaned = super().clean()
        samling = cleaned.get("samling") or (self.instance.samling if self.instance.samling_id else None)
        skole = cleaned.get("skole")
        if samling is not None and skole is not None and not samling.veiledning.skoler.filter(pk=skole.pk).exists():
            self.add_error("skole", _("Skolen er ikke med i veiledningen."))
        return cleaned


@admin.register(Deltaker)
class DeltakerAdmin(AuditedAdmin):
    """Adding and removing re-time the meeting reminders (deltaker_add, deltaker_remove);
    who gets them (the address, the Samling) is fixed once added."""

    form = DeltakerForm
    list_display = ["navn", "rolle", "samling", "skole", "oppmott"]

    def get_readonly_fields(self, request, obj=None):
        return ["samling", "kontakt", "epost"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        deltaker = services.deltaker_add(
            samling=obj.samling, navn=obj.navn, epost=obj.epost, rolle=obj.rolle, skole=obj.skole,
            kontakt=obj.kontakt, by=request.user, source="admin",
        )  # fmt: skip
        obj.pk = deltaker.pk

    def delete_model(self, request, obj):
        services.deltaker_remove(deltaker=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for deltaker in queryset:
            services.deltaker_remove(deltaker=deltaker, by=request.user)


@admin.register(Egenvurdering)
class EgenvurderingAdmin(AuditedAdmin):
    """The school's own answers: read here, written on the school's page (egenvurdering_save
    checks that every point is answered before it is ferdig)."""

    list_display = ["skole", "veiledning", "fase", "ferdig"]

    def get_queryset(self, request):
        """Content: only what this administrator may read (the Kommune shares it), DESIGN.md §9."""
        where = q(request.user, Omrade.EGENVURDERING, to="innhold", kommune="veiledning__kommune", skole="skole")
        return super().get_queryset(request).filter(where)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
