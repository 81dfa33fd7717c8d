from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _

from core.audit import audit_redact, audited_create, audited_delete, audited_update, snapshot
from core.models import AuditEntry, Heartbeat


def cascades(obj) -> bool:
    """Whether deleting obj would delete or change other rows too: those go past their
    services and the audit trail (a Skole's assessments, their reminders)."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError):
        return True
    if any(model is not type(obj) or len(objs) > 1 for model, objs in collector.data.items()):
        return True
    if any(qs.exists() for qs in collector.fast_deletes):
        return True
    return any(_any(objs) for batches in collector.field_updates.values() for objs in batches)


def _any(objs) -> bool:
    return objs.exists() if hasattr(objs, "exists") else bool(objs)


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits go through the audit trail like any service write. An object that
    others hang on is not deleted here: deleting it would take them along unrecorded."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and cascades(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(cascades(obj) for obj in objs):
            perms_needed.add(str(_("objekter som andre data henger på")))
        return deleted, counts, perms_needed, protected

    def save_model(self, request, obj, form, change):
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            audited_update(obj=obj, before=snapshot(stored), by=request.user, source="admin")
        else:
            audited_create(obj=obj, by=request.user, source="admin")

    def delete_model(self, request, obj):
        audited_delete(obj=obj, by=request.user, source="admin")

    def delete_queryset(self, request, queryset):
        if any(cascades(obj) for obj in queryset):
            raise PermissionDenied
        for obj in queryset:
            audited_delete(obj=obj, by=request.user, source="admin")


@admin.action(description=_("Sensurer verdiene i valgte oppføringer"))
def redact(modeladmin, request, queryset):
    for entry in queryset:
        audit_redact(entry=entry, by=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Who changed which field of what, and when. Not the values, nor the object's name
    (a measure's name is its text): those are content, read on the pages of those who
    may read it (DESIGN.md §9), and an administrator reads content only where shared."""

    list_display = ["at", "action", "objekt", "actor", "source"]
    list_filter = ["action", "content_type"]
    fields = ["at", "last_at", "action", "objekt", "endrede_felt", "actor", "source"]
    readonly_fields = fields
    actions = [redact]

    @admin.display(description=_("objekt"))
    def objekt(self, entry: AuditEntry) -> str:
        return f"{entry.content_type.name} #{entry.object_id}"

    @admin.display(description=_("endrede felt"))
    def endrede_felt(self, entry: AuditEntry) -> str:
        return ", ".join(sorted(entry.changes)) or "–"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the history is purged only with the personal data it is about (pages/retention.py)


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["beat_at", "source"]
