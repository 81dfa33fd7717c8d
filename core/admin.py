from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.audit import audit_redact, audited_create, audited_delete, audited_update, snapshot
from core.models import AuditEntry, Heartbeat


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits go through the audit trail like any service write."""

    def save_model(self, request, obj, form, change):
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            audited_update(obj=obj, before=snapshot(stored), by=request.user, source="admin")
        else:
            audited_create(obj=obj, by=request.user, source="admin")

    def delete_model(self, request, obj):
        audited_delete(obj=obj, by=request.user, source="admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audited_delete(obj=obj, by=request.user, source="admin")


@admin.action(description=_("Sensurer verdiene i valgte oppføringer"))
def redact(modeladmin, request, queryset):
    for entry in queryset:
        audit_redact(entry=entry, by=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "object_repr", "actor", "source"]
    list_filter = ["action", "content_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    actions = [redact]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["beat_at", "source"]
