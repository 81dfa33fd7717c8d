"""Who changed what, and when (DESIGN.md §10). Services call these; nothing else writes."""

from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from core import versions
from core.models import AuditEntry

# Autosave edits by one person to one object within this window are one entry.
MERGE_WINDOW = timedelta(minutes=10)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The audited fields of obj as JSON-able values."""
    skip = {"created_at", "updated_at"}
    return {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if f.attname not in skip}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_record(
    *,
    obj: models.Model,
    action: str,
    by=None,
    changes: dict[str, list] | None = None,
    source: str = "",
    merge: bool = False,
) -> AuditEntry | None:
    """Record one change. With merge=True, a repeat edit by the same person within
    MERGE_WINDOW folds into the previous entry, keeping the first 'before'."""
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    now = timezone.now()
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    actor = by if getattr(by, "pk", None) else None
    if merge and actor is not None:
        last = (
            AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk), actor=actor, action=action)
            .order_by("-last_at")
            .first()
        )
        if last and now - last.last_at <= MERGE_WINDOW:
            merged = dict(last.changes)
            for field, (old, new) in (changes or {}).items():
                merged[field] = [merged[field][0] if field in merged else old, new]
            last.changes = merged
            last.last_at = now
            last.save(update_fields=["changes", "last_at"])
            versions.touch(obj)  # a page showing obj's history is rendered anew, saved or not
            return last
    entry = AuditEntry.objects.create(
        content_type=ct,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        changes=changes or {},
        actor=actor,
        source=source,
        at=now,
        last_at=now,
    )
    versions.touch(obj)
    return entry


def history_for(obj: models.Model):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")


def audit_purge_for(obj: models.Model) -> int:
    """Purging personal data purges its history too."""
    deleted, _ = history_for(obj).delete()
    versions.bump_now_and_at_commit(versions.HISTORIKK)  # no save of ours says the history changed
    return deleted


def audited_create(*, obj: models.Model, by=None, source: str = "") -> models.Model:
    obj.full_clean()
    obj.save(force_insert=True)
    audit_record(obj=obj, action=AuditEntry.Action.CREATE, by=by, source=source, changes=diff({}, snapshot(obj)))
    return obj


def audited_update(
    *, obj: models.Model, before: dict[str, Any], by=None, source: str = "", merge: bool = False
) -> models.Model:
    """Validate and save obj; record the fields that differ from `before` (a snapshot)."""
    obj.full_clean()
    changes = diff(before, snapshot(obj))
    if changes:
        obj.save()
        audit_record(obj=obj, action=AuditEntry.Action.UPDATE, by=by, source=source, changes=changes, merge=merge)
    return obj


def audited_delete(*, obj: models.Model, by=None, source: str = "") -> None:
    audit_record(obj=obj, action=AuditEntry.Action.DELETE, by=by, source=source, changes=diff(snapshot(obj), {}))
    obj.delete()


REDACTED = "[sensurert]"


@transaction.atomic
def audit_redact(*, entry: AuditEntry, by) -> AuditEntry:
    """Someone pasted a fødselsnummer: the entry's values go, the fact that they were
    there stays, and the redaction itself is recorded. Kept pages with the history are
    rendered anew after both writes (a page rendered between them would keep the value)."""
    entry.changes = {field: [REDACTED, REDACTED] for field in entry.changes}
    entry.save(update_fields=["changes"])
    redaction = AuditEntry.objects.create(
        content_type=entry.content_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        action=AuditEntry.Action.REDACT,
        changes={"entry": [entry.pk, REDACTED]},
        actor=by,
        at=timezone.now(),
        last_at=timezone.now(),
    )
    versions.bump_now_and_at_commit(versions.HISTORIKK)
    return redaction
