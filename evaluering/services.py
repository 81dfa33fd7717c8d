"""The seminar evaluation: anonymous, once per device, open in a set window."""

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, audited_create, audited_update, snapshot
from core.bounds import check_fields
from core.models import AuditEntry
from core.privacy import MayIdentify, held_back
from core.ratelimit import hit
from evaluering.models import Besvarelse, Evaluering, Svar
from evaluering.reminders import evaluering_reminders_sync
from evaluering.selectors import OPEN_FOR, is_open, not_yet_open
from veiledning.models import Samling
from veiledning.services import programmal_for

OSLO = ZoneInfo(settings.TIME_ZONE)
OPENS_AT = time(12, 45)  # the agenda's "Evaluering" item
# A limit per evaluation and minute, on every answer sent (new or edited): 300 people in two
# minutes never meet it; a script does.
RATE_WINDOW = timedelta(minutes=1)
RATE_LIMIT = 600
FORST = {
    "key": "forst",
    "type": "fritekst",
    "tekst": {
        "nb": "Hva vil du gjøre først når du er tilbake på skolen?",
        "nn": "Kva vil du gjere først når du er tilbake på skulen?",
    },
}


class Closed(Exception):
    pass


class NotYetOpen(Closed):
    """Before the opening: "opens at …", not "closed"."""


class TooMany(Exception):
    pass


def default_window(seminar: Samling) -> tuple[datetime, datetime]:
    day = timezone.localtime(seminar.start, OSLO).date()
    opens = datetime.combine(day, OPENS_AT, tzinfo=OSLO)
    return opens, opens + OPEN_FOR


def _questions(seminar: Samling) -> tuple[list, dict]:
    mal = programmal_for(seminar.veiledning)
    questions = list(mal.innhold.get("evaluering", []))
    if not any(q["key"] == "forst" for q in questions):
        at = next((i for i, q in enumerate(questions) if q["type"] == "fritekst"), len(questions))
        questions.insert(at, FORST)
    return questions, mal.innhold.get("likert_ender", {})


@transaction.atomic
def evaluering_sync(*, seminar: Samling, by=None, source: str = "") -> Evaluering | None:
    """Every seminar has its evaluation; moving the seminar moves the default window."""
    if seminar.type != Samling.Type.SEMINAR:
        return None
    evaluering = Evaluering.objects.select_for_update().filter(samling=seminar).first()
    opens, closes = default_window(seminar)
    if evaluering is None:
        questions, ends = _questions(seminar)
        evaluering = audited_create(
            obj=Evaluering(samling=seminar, apner_at=opens, lukker_at=closes, sporsmal=questions, likert_ender=ends),
            by=by, source=source,
        )  # fmt: skip
    elif not evaluering.besvarelser.exists() and (evaluering.apner_at, evaluering.lukker_at) != (opens, closes):
        before = snapshot(evaluering)
        evaluering.apner_at, evaluering.lukker_at = opens, closes
        audited_update(obj=evaluering, before=before, by=by, source=source)
    evaluering_reminders_sync(evaluering=evaluering)
    return evaluering


def samling_changed(*, samling: Samling, change: str, by, source: str = "") -> None:
    """Listener (veiledning.hooks): the seminar's evaluation follows its date, its
    cancelling and its participants."""
    evaluering_sync(seminar=samling, by=by, source=source)


@transaction.atomic
def evaluering_set_window(*, evaluering: Evaluering, apner_at: datetime, lukker_at: datetime, by) -> Evaluering:
    if lukker_at <= apner_at:
        raise ValidationError({"lukker_at": _("Evalueringen må stenge etter at den åpner.")})
    evaluering = Evaluering.objects.select_for_update().get(pk=evaluering.pk)
    before = snapshot(evaluering)
    evaluering.apner_at, evaluering.lukker_at = apner_at, lukker_at
    audited_update(obj=evaluering, before=before, by=by)
    evaluering_reminders_sync(evaluering=evaluering)
    return evaluering


def device_hash(device_token: str) -> str:
    return hashlib.sha256(device_token.encode()).hexdigest()


def besvarelse_for(*, evaluering: Evaluering, device_token: str) -> Besvarelse | None:
    if not device_token:
        return None
    return evaluering.besvarelser.filter(enhet=device_hash(device_token)).prefetch_related("svar").first()


def _check_answers(evaluering: Evaluering, answers: dict, rolle: str) -> None:
    """Only the questions asked, each on its own scale: the upserts below skip full_clean,
    and PostgreSQL would refuse a Likert value beyond a smallint or a NUL in text."""
    types = {q["key"]: q for q in evaluering.sporsmal}
    for key, value in answers.items():
        kind = types.get(key, {}).get("type")
        if kind == "likert":
            ok = type(value) is int and value in Svar.LIKERT
        else:
            ok = kind == "fritekst" and isinstance(value, str)
        if not ok:
            raise ValidationError(_("Ugyldig verdi."))
        if kind == "fritekst":
            check_fields(Svar, {"tekst": value})
    roller = {v["key"] for q in evaluering.sporsmal if q["type"] == "rolle" for v in q.get("valg", [])}
    if rolle and rolle not in roller:
        raise ValidationError(_("Ugyldig verdi."))
    if not any(value for value in answers.values()):
        raise ValidationError(_("Svaret er tomt. Velg minst ett svar eller skriv noe før du sender."))


def _check_privacy(answers: dict, bekreftet: bool) -> set[str]:
    """The free-text answers that may identify someone. Unless the writer has confirmed
    that they do not, they are refused, each with its reason, and nothing is stored."""
    held = held_back({key: value for key, value in answers.items() if isinstance(value, str)})
    if held and not bekreftet:
        raise MayIdentify(held)
    return set(held)


def besvarelse_submit(
    *, evaluering: Evaluering, device_token: str, answers: dict, rolle: str, bekreftet: bool = False
) -> Besvarelse:
    """Store or edit this device's response. Answers: {key: int (Likert) or str}. An
    empty response is refused; free text that may identify someone is refused unless
    `bekreftet` (the writer confirmed it does not)."""
    now = timezone.now()
    if not is_open(evaluering, now):
        raise NotYetOpen if not_yet_open(evaluering, now) else Closed
    # A counter in Redis (core.ratelimit), not a count of the answers: no query per answer.
    if hit("evaluering-svar", str(evaluering.pk), window=int(RATE_WINDOW.total_seconds())) > RATE_LIMIT:
        raise TooMany
    _check_answers(evaluering, answers, rolle)
    confirmed = _check_privacy(answers, bekreftet)
    enhet = device_hash(device_token)
    with transaction.atomic():
        # Upserts, one statement each: a new device inserts, the same device again (even
        # at the same instant) edits its response; what it left empty this time goes.
        (besvarelse,) = Besvarelse.objects.bulk_create(
            [Besvarelse(evaluering=evaluering, enhet=enhet, rolle=rolle)],
            update_conflicts=True, unique_fields=["evaluering", "enhet"], update_fields=["rolle", "updated_at"],
        )  # fmt: skip
        Svar.objects.filter(besvarelse=besvarelse).exclude(sporsmal__in=list(answers)).delete()
        Svar.objects.bulk_create(
            [
                Svar(besvarelse=besvarelse, sporsmal=key, verdi=value if isinstance(value, int) else None,
                     tekst=value if isinstance(value, str) else "", bekreftet=key in confirmed)
                for key, value in answers.items()
            ],
            update_conflicts=True, unique_fields=["besvarelse", "sporsmal"],
            update_fields=["verdi", "tekst", "bekreftet"],
        )  # fmt: skip
    return besvarelse


@transaction.atomic
def besvarelser_set_status(*, evaluering: Evaluering, pks, status: str, by) -> int:
    """The veileder keeps answers out of the reports, voids them (a burst of posts that
    are no real answers) or brings them back. Each change is in the audit history."""
    if status not in Besvarelse.Status.values:
        raise ValidationError(_("Ugyldig verdi."))
    changed = 0
    for besvarelse in evaluering.besvarelser.select_for_update().filter(pk__in=list(pks)).exclude(status=status):
        before = besvarelse.status
        besvarelse.status = status
        besvarelse.save(update_fields=["status", "updated_at"])
        audit_record(obj=besvarelse, action=AuditEntry.Action.UPDATE, by=by, changes={"status": [before, status]})
        changed += 1
    return changed
