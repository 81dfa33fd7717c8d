from django.contrib import admin

from core.admin import AuditedAdmin
from veiledning.models import Deltaker, Egenvurdering, Programmal, Samling, Veiledning
from veiledning.services import programmal_new_version


@admin.register(Veiledning)
class VeiledningAdmin(AuditedAdmin):
    list_display = ["kommune", "steg", "brev_sendt_at", "created_at"]
    list_filter = ["steg", "kommune__fylke"]
    autocomplete_fields = ["kommune"]
    filter_horizontal = ["veiledere", "skoler"]


@admin.register(Programmal)
class ProgrammalAdmin(AuditedAdmin):
    """Editing a template saves a new version; Veiledninger keep the one they started with."""

    list_display = ["navn", "versjon", "er_aktiv", "created_at"]
    readonly_fields = ["versjon", "er_aktiv"]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        stored = Programmal.objects.get(pk=obj.pk)
        new = programmal_new_version(programmal=stored, innhold=obj.innhold, by=request.user)
        obj.pk, obj.versjon = new.pk, new.versjon

    def has_delete_permission(self, request, obj=None):
        return False  # versions in use must stay


@admin.register(Samling)
class SamlingAdmin(AuditedAdmin):
    list_display = ["veiledning", "type", "start", "avlyst"]
    list_filter = ["type"]


@admin.register(Deltaker)
class DeltakerAdmin(AuditedAdmin):
    list_display = ["navn", "rolle", "samling", "skole", "oppmott"]


@admin.register(Egenvurdering)
class EgenvurderingAdmin(AuditedAdmin):
    list_display = ["skole", "veiledning", "fase", "ferdig"]
