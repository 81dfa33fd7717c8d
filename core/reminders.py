"""Reminders as rows (DESIGN.md §7, §10). Apps register a builder per kind; one
periodic dispatcher sends what is due, each row at most once.

A builder takes the Paminnelse and returns an EmailMessage, or None when the reason for
the reminder has gone (the row is then cancelled, not sent)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation

from core.models import Paminnelse

log = logging.getLogger(__name__)

MISSED_AFTER = timedelta(days=2)  # later than this is marked missed, never sent
UNCERTAIN_AFTER = timedelta(minutes=10)  # a row stuck in "sending" this long is uncertain

Builder = Callable[[Paminnelse], EmailMessage | None]
BUILDERS: dict[str, Builder] = {}


def register_kind(kind: str, builder: Builder) -> None:
    BUILDERS[kind] = builder


def target_of(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def target_object(model, row: Paminnelse):
    """The object a reminder is about, or None if it is gone (or of another model)."""
    label, _sep, pk = row.target.partition(":")
    return model.objects.filter(pk=pk).first() if label == model._meta.label_lower else None


@dataclass(frozen=True)
class Wanted:
    kind: str
    recipient: str
    due_at: datetime
    language: str
    # A reminder already sent goes out again only if its time moved later by more
    # than this (the meeting was postponed so far that the first one is stale).
    resend_after_move: timedelta = timedelta(days=7)


@transaction.atomic
def paminnelser_sync(*, target: str, kinds: set[str], wanted: list[Wanted]) -> None:
    """Make the planned rows of `kinds` for `target` match `wanted`: cancel what is no
    longer wanted, supersede what moved with a new generation, add what is new.
    Sent rows never change; a reminder already sent is sent again only if its new time
    is still ahead and later than the old by more than `resend_after_move`."""
    now = timezone.now()
    rows = list(Paminnelse.objects.select_for_update().filter(target=target, kind__in=kinds).order_by("generation"))
    latest: dict[tuple[str, str], Paminnelse] = {}
    for row in rows:
        latest[(row.kind, row.recipient)] = row
    wanted_by_key = {(w.kind, w.recipient.lower()): w for w in wanted}
    for key, row in latest.items():
        if key not in wanted_by_key and row.state == Paminnelse.State.PLANLAGT:
            row.state = Paminnelse.State.KANSELLERT
            row.save(update_fields=["state"])
    for key, w in wanted_by_key.items():
        row = latest.get(key)
        planned = row is not None and row.state == Paminnelse.State.PLANLAGT
        if planned and row.due_at == w.due_at and row.language == w.language:
            continue
        if w.due_at <= now:
            # Its time has already passed when it is (re)planned: no use sending it late.
            if planned:
                row.state = Paminnelse.State.KANSELLERT
                row.save(update_fields=["state"])
            continue
        if row is None:
            Paminnelse.objects.create(
                kind=w.kind, target=target, recipient=key[1], language=w.language, due_at=w.due_at
            )
            continue
        if planned:
            row.state = Paminnelse.State.ERSTATTET
            row.save(update_fields=["state"])
        elif row.state not in (Paminnelse.State.KANSELLERT, Paminnelse.State.ERSTATTET) and not (
            w.due_at - row.due_at > w.resend_after_move
        ):
            continue  # already sent (or failed, missed): not again for a small move
        Paminnelse.objects.create(
            kind=w.kind,
            target=target,
            recipient=key[1],
            language=w.language,
            due_at=w.due_at,
            generation=row.generation + 1,
        )


def _claim_next(now: datetime) -> Paminnelse | None:
    """Lock one due row, re-check it, and mark it: missed, or sending (written before
    the SMTP call, so a crash leaves it 'sending' = uncertain, never re-sent by itself)."""
    with transaction.atomic(durable=True):
        row = (
            Paminnelse.objects.select_for_update(skip_locked=True)
            .filter(state=Paminnelse.State.PLANLAGT, due_at__lte=now)
            .order_by("due_at", "pk")
            .first()
        )
        if row is None:
            return None
        if row.due_at < now - MISSED_AFTER:
            row.state = Paminnelse.State.TAPT
            row.save(update_fields=["state"])
            return row
        row.state = Paminnelse.State.SENDING
        row.sending_at = now
        row.save(update_fields=["state", "sending_at"])
        return row


def _finish(row: Paminnelse, state: str, error: str = "") -> None:
    with transaction.atomic():
        row.state = state
        row.error = error[:2000]
        if state == Paminnelse.State.SENDT:
            row.sent_at = timezone.now()
        row.save(update_fields=["state", "error", "sent_at"])


def _send(row: Paminnelse) -> None:
    builder = BUILDERS.get(row.kind)
    try:
        with translation.override(row.language):
            message = builder(row) if builder else None
        if message is None:
            _finish(row, Paminnelse.State.KANSELLERT)
            return
        message.send()
    except Exception as error:
        log.exception("Påminnelse %s feilet", row.pk)
        _finish(row, Paminnelse.State.FEILET, str(error))
        return
    _finish(row, Paminnelse.State.SENDT)


def paminnelser_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """The periodic dispatcher. Returns how many rows it handled."""
    now = now or timezone.now()
    handled = 0
    while handled < limit:
        row = _claim_next(now)
        if row is None:
            break
        handled += 1
        if row.state == Paminnelse.State.SENDING:
            _send(row)
    return handled


@transaction.atomic
def paminnelse_resend(*, paminnelse: Paminnelse, by) -> Paminnelse:
    """By hand, from the outbox: failed, uncertain or missed rows go out again now."""
    row = Paminnelse.objects.select_for_update().get(pk=paminnelse.pk)
    if row.state not in (Paminnelse.State.FEILET, Paminnelse.State.SENDING, Paminnelse.State.TAPT):
        return row
    row.state = Paminnelse.State.PLANLAGT
    row.due_at = timezone.now()
    row.error = ""
    row.save(update_fields=["state", "due_at", "error"])
    return row


def is_uncertain(row: Paminnelse, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return row.state == Paminnelse.State.SENDING and row.sending_at and row.sending_at < now - UNCERTAIN_AFTER
