"""The history cannot be edited or deleted in the admin; only redacted, and that is recorded."""

from core.audit import history_for
from core.models import AuditEntry


def test_a_history_entry_cannot_be_deleted_in_the_admin(world, client):
    entry = history_for(world.own.kommune).first()
    client.force_login(world.admin)
    assert client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post("/admin/core/auditentry/", {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
