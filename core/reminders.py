"""Reminders as rows (DESIGN.md §7, §10). Apps register a builder per kind; one
periodic dispatcher sends what is due, each row at most once.

A builder takes the Paminnelse and returns an EmailMessage, or None when the reason for
the reminder has gone (the row is then cancelled, not sent)."""

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from core.models import Paminnelse

log = logging.getLogger(__name__)

MISSED_AFTER = timedelta(days=2)  # later than this is marked missed, never sent
UNCERTAIN_AFTER = timedelta(minutes=10)  # a row stuck in "sending" this long is uncertain

Builder = Callable[[Paminnelse], EmailMessage | None]
BUILDERS: dict[str, Builder] = {}
LABELS: dict[str, Promise | str] = {}  # kind → its name in words (gettext_lazy), for the outbox


def register_kind(kind: str, builder: Builder, label: Promise | str = "") -> None:
    BUILDERS[kind] = builder
    LABELS[kind] = label or kind


def kind_label(kind: str) -> str:
    """A kind in the reader's language (the outbox never shows a code like samling_7d)."""
    return str(LABELS.get(kind, kind))


def target_of(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


# Within one dispatcher run, the objects reminders are about: a meeting's or an
# assessment's reminders go to several people, and the run lasts seconds.
_run_targets: ContextVar[dict | None] = ContextVar("run_targets", default=None)


def target_object(model, row: Paminnelse, *related: str):
    """The object a reminder is about (with `related` joined in), or None if it is gone
    or of another model."""
    label, _sep, pk = row.target.partition(":")
    if label != model._meta.label_lower:
        return None
    memo, key = _run_targets.get(), (row.target, related)
    if memo is not None and key in memo:
        return memo[key]
    found = model.objects.select_related(*related).filter(pk=pk).first()
    if memo is not None:
        memo[key] = found
    return found


@dataclass(frozen=True)
class Wanted:
    kind: str
    recipient: str
    due_at: datetime
    language: str
    # A reminder already sent goes out again only if its time moved later by more
    # than this (the meeting was postponed so far that the first one is stale).
    resend_after_move: timedelta = timedelta(days=7)
    # What it reminds of (a meeting's start). A reminder whose time has passed while this
    # is still ahead (a meeting set for tomorrow) goes at once instead of never.
    event_at: datetime | None = None


def _late_but_useful(wanted: list["Wanted"], now: datetime) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Of the reminders whose time has passed while their event is still ahead: the ones
    to send at once, and the ones to drop. One sync call plans one series (7 and 1 day
    before one meeting), so per recipient and event only the nearest late one goes."""
    nearest: dict[tuple[str, datetime], Wanted] = {}
    for w in wanted:
        if w.due_at <= now and w.event_at is not None and w.event_at > now:
            group = (w.recipient.lower(), w.event_at)
            if group not in nearest or w.due_at > nearest[group].due_at:
                nearest[group] = w
    keep = {(w.kind, w.recipient.lower()) for w in nearest.values()}
    drop = {
        (w.kind, w.recipient.lower()) for w in wanted if w.due_at <= now and w.event_at is not None and w.event_at > now
    } - keep
    return keep, drop


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
    send_at_once, dropped = _late_but_useful(wanted, now)
    wanted_by_key = {(w.kind, w.recipient.lower()): w for w in wanted if (w.kind, w.recipient.lower()) not in dropped}
    for key, row in latest.items():
        if key not in wanted_by_key and row.state == Paminnelse.State.PLANLAGT:
            row.state = Paminnelse.State.KANSELLERT
            row.save(update_fields=["state"])
    for key, w in wanted_by_key.items():
        row = latest.get(key)
        planned = row is not None and row.state == Paminnelse.State.PLANLAGT
        if planned and row.due_at == w.due_at and row.language == w.language:
            continue
        due_at = w.due_at
        if key in send_at_once:
            if planned and row.due_at <= now and row.language == w.language:
                continue  # already going out at once
            due_at = now
        elif w.due_at <= now:
            # Its time has already passed when it is (re)planned: no use sending it late.
            if planned:
                row.state = Paminnelse.State.KANSELLERT
                row.save(update_fields=["state"])
            continue
        if row is None:
            Paminnelse.objects.create(kind=w.kind, target=target, recipient=key[1], language=w.language, due_at=due_at)
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
            due_at=due_at,
            generation=row.generation + 1,
        )


BATCH = 200  # due rows read at a time; each is still claimed on its own


def _mark_missed(rows: list[Paminnelse], now: datetime) -> int:
    """Rows far past their time are marked missed, never sent late."""
    late = [row.pk for row in rows if row.due_at < now - MISSED_AFTER]
    if late:
        Paminnelse.objects.filter(pk__in=late, state=Paminnelse.State.PLANLAGT).update(state=Paminnelse.State.TAPT)
    return len(late)


def _claim(row: Paminnelse, now: datetime) -> bool:
    """Compare-and-set in one statement: of any number of dispatchers, one moves the row
    from planned to sending. Written before the SMTP call, so a crash leaves it 'sending'
    (uncertain), never re-sent by itself."""
    claimed = Paminnelse.objects.filter(pk=row.pk, state=Paminnelse.State.PLANLAGT).update(
        state=Paminnelse.State.SENDING, sending_at=now
    )
    if claimed:
        row.state, row.sending_at = Paminnelse.State.SENDING, now
    return claimed == 1


def _finish(row: Paminnelse, state: str, error: str = "") -> None:
    row.state = state
    row.error = error[:2000]
    if state == Paminnelse.State.SENDT:
        row.sent_at = timezone.now()
    row.save(update_fields=["state", "error", "sent_at"])


def _same_day(row: Paminnelse, now: datetime) -> list[Paminnelse]:
    """The recipient's other reminders of today (due now, or later today): claimed here
    so that one person gets one e-mail a day, not one per kind in the same minute."""
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=999999)
    others = Paminnelse.objects.filter(
        state=Paminnelse.State.PLANLAGT,
        recipient__iexact=row.recipient,
        due_at__gte=now - MISSED_AFTER,
        due_at__lte=end_of_day,
    ).order_by("due_at", "pk")
    return [other for other in others if _claim(other, now)]


def _stands_alone(message: EmailMessage) -> bool:
    """A message with a structure of its own (a calendar invitation's text/calendar part,
    an HTML alternative) goes as it is: merged, a calendar would not see the invitation."""
    return bool(getattr(message, "alternatives", None)) or any(
        not isinstance(attachment, tuple) or "method=" in str(attachment[2] or "").lower()
        for attachment in message.attachments
    )


def _merged(parts: list[EmailMessage]) -> EmailMessage:
    """Several reminders to one person as one e-mail: the subjects joined, each text in
    turn, every attachment kept."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    body = ("\n\n" + "—" * 40 + "\n\n").join(part.body.strip() for part in parts) + "\n"
    message = EmailMessage(
        subject=" · ".join(dict.fromkeys(part.subject for part in parts)),
        body=body,
        from_email=first.from_email,
        to=first.to,
        reply_to=first.reply_to,
        headers=first.extra_headers,
    )
    for part in parts:
        message.attachments.extend(part.attachments)
    return message


def _send(rows: list[Paminnelse], connection, now: datetime) -> None:
    """One e-mail for the claimed `rows` of one recipient. A row whose reason has gone is
    cancelled; one taken before its time whose reason is not there yet waits for it."""
    parts, sending = [], []
    try:
        for row in rows:
            builder = BUILDERS.get(row.kind)
            with translation.override(row.language):
                message = builder(row) if builder else None
            if message is not None:
                parts.append(message)
                sending.append(row)
            elif row.due_at > now:
                _finish(row, Paminnelse.State.PLANLAGT)  # not yet: back to its own time
            else:
                _finish(row, Paminnelse.State.KANSELLERT)
        if not parts:
            return
        alone = [part for part in parts if _stands_alone(part)]
        together = [part for part in parts if not _stands_alone(part)]
        connection.open()  # once per run; again after a failure closed it
        connection.send_messages([*alone, *([_merged(together)] if together else [])])
    except Exception as error:
        log.exception("Påminnelse %s feilet", [row.pk for row in rows])
        connection.close()  # the next row starts a fresh SMTP session
        for row in rows:
            if row.state == Paminnelse.State.SENDING:
                _finish(row, Paminnelse.State.FEILET, str(error))
        return
    for row in sending:
        _finish(row, Paminnelse.State.SENDT)


def paminnelser_send_due(*, now: datetime | None = None) -> int:
    """The periodic dispatcher: everything due, in one SMTP session, one e-mail per
    recipient with all of their reminders of the day. Returns how many rows it handled.
    Several may run at once: each row is claimed by exactly one."""
    now = now or timezone.now()
    handled = 0
    connection = mail.get_connection(fail_silently=False)
    memo = _run_targets.set({})
    try:
        due_now = Paminnelse.objects.filter(state=Paminnelse.State.PLANLAGT, due_at__lte=now).order_by("due_at", "pk")
        while due := list(due_now[:BATCH]):
            handled += _mark_missed(due, now)
            for row in due:
                if row.due_at >= now - MISSED_AFTER and _claim(row, now):
                    group = [row, *_same_day(row, now)]
                    _send(group, connection, now)
                    handled += sum(1 for r in group if r.state != Paminnelse.State.PLANLAGT)
    finally:
        _run_targets.reset(memo)
        connection.close()
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
