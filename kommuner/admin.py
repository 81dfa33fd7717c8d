from django.contrib import admin

from core.admin import AuditedAdmin
from kommuner.models import Kommune, Kontakt, Skole


class SkoleInline(admin.TabularInline):
    model = Skole
    extra = 0
    fields = ["navn", "orgnr", "skoletype"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # through the Skole form, so the write is audited

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(Kommune)
class KommuneAdmin(AuditedAdmin):
    """Sharing content with the veileder is the Kommune's own employer side's decision,
    made on the Kommune's page (kommune_set_deler_innhold): read-only here. The orgnr is
    the key, so it is fixed once the Kommune exists."""

    list_display = ["navn", "nummer", "orgnr", "type", "fylke", "malform", "deler_innhold", "is_demo"]
    list_filter = ["type", "fylke", "malform", "is_demo"]
    search_fields = ["navn", "nummer", "orgnr"]
    inlines = [SkoleInline]

    def get_readonly_fields(self, request, obj=None):
        return ["orgnr", "deler_innhold"] if obj is not None else ["deler_innhold"]


@admin.register(Skole)
class SkoleAdmin(AuditedAdmin):
    """A school keeps its Kommune: its assessments, plans and people belong to that one."""

    list_display = ["navn", "orgnr", "skoletype", "kommune", "elever", "ansatte"]
    list_filter = ["skoletype", "kommune__fylke"]
    search_fields = ["navn", "orgnr", "kommune__navn"]
    autocomplete_fields = ["kommune"]

    def get_readonly_fields(self, request, obj=None):
        return ["kommune"] if obj is not None else []


@admin.register(Kontakt)
class KontaktAdmin(AuditedAdmin):
    list_display = ["navn", "rolle", "kommune", "skole", "epost", "user"]
    list_filter = ["rolle"]
    search_fields = ["navn", "epost", "kommune__navn", "skole__navn"]
    autocomplete_fields = ["kommune", "skole", "user"]
