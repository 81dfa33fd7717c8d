from django.contrib import admin

from core.admin import AuditedAdmin
from handlingsplan.models import Handlingsplan, Melding, Tiltak, Tiltaksforslag


@admin.register(Tiltaksforslag)
class TiltaksforslagAdmin(AuditedAdmin):
    """Suggested measures per §23A area, offered when a Tiltak is added."""

    list_display = ["__str__", "omrade", "type", "aktiv"]
    list_filter = ["omrade", "aktiv"]


@admin.register(Handlingsplan)
class HandlingsplanAdmin(AuditedAdmin):
    list_display = ["__str__", "kommune", "skole", "updated_at"]


@admin.register(Tiltak)
class TiltakAdmin(AuditedAdmin):
    list_display = ["__str__", "plan", "status", "frist"]
    list_filter = ["status", "omrade"]
    readonly_fields = ["status"]  # status changes go through the page, with history


@admin.register(Melding)
class MeldingAdmin(AuditedAdmin):
    list_display = ["__str__", "kommune", "created_at"]
