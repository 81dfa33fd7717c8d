"""How long personal data stays: what the privacy statement promises under «Hvor lenge»
(templates/pages/personvern.html), done every night (pages.tasks).

PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER months after a Veiledning was finished
(avsluttet), its participants (names, e-mails), its reminders and calendar invitations
(recipients), the letter's stored recipients and the evaluation's free-text answers go,
with their history (DESIGN.md §10: purging personal data purges its history), and so does
the history of participants unregistered while it ran (their create and delete entries
hold the name and e-mail). One audit entry on the Veiledning says what went. The
reminders about the school's own work (the weekly digest of overdue Tiltak, the yearly
review) go the same number of months after they were due. What is about situations
(assessments, plans, Tiltak) stays with the school and the Kommune; so do the anonymous
evaluation scores.

This is the only rule: `manage.py purge_old` runs the same job by hand (with a dry run and
another number of months)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import versions
from core.audit import audit_purge_for, audit_record
from core.models import AuditEntry, Paminnelse
from core.reminders import target_of
from evaluering.models import Evaluering, Svar
from veiledning.models import Deltaker, Samling, StegEndring, Veiledning

SOURCE = "sletting"
# Reminders about the school's own work, not about one Veiledning: their rows name the
# recipient and pile up (one a week), so they go by their own age. Neither is ever planned
# again for a past time (the digest's generation is its week; the review is not re-sent
# once its time has passed), so deleting an old row cannot make a reminder go out twice.
SCHOOL_REMINDER_KINDS = ("tiltak_forfalt", "risiko_gjennomgang")
FINISHED_STATES = (
    Paminnelse.State.SENDT,
    Paminnelse.State.FEILET,
    Paminnelse.State.TAPT,
    Paminnelse.State.ERSTATTET,
    Paminnelse.State.KANSELLERT,
)


def months() -> int:
    return settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER


def months_before(moment: datetime, n: int) -> datetime:
    """The same time of day n calendar months earlier (the last day of a shorter month)."""
    index = moment.year * 12 + (moment.month - 1) - n
    year, month = divmod(index, 12)
    month += 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30]
    days += [31, 31, 30, 31, 30, 31]
    return moment.replace(year=year, month=month, day=min(moment.day, days[month - 1]))


def veiledninger_finished_before(cutoff: datetime) -> QuerySet[Veiledning]:
    """Finished Veiledninger, each with the time it was last set to «avsluttet» (its step
    history; a programme finished without one counts from its last change)."""
    finished_at = (
        StegEndring.objects.filter(veiledning=OuterRef("pk"), til=Veiledning.Steg.AVSLUTTET)
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        Veiledning.objects.filter(steg=Veiledning.Steg.AVSLUTTET)
        .annotate(avsluttet_at=Coalesce(Subquery(finished_at), "updated_at", output_field=DateTimeField()))
        .filter(avsluttet_at__lt=cutoff)
        .order_by("pk")
    )


def _removed_deltakere_history(samlinger: list[Samling], present: list[Deltaker]) -> QuerySet[AuditEntry]:
    """The history of the Samlinger's participants who are no longer registered: every entry
    on a Deltaker whose create or delete entry names one of the Samlinger."""
    pks = [s.pk for s in samlinger]
    deltaker_history = AuditEntry.objects.filter(
        content_type__app_label="veiledning", content_type__model="deltaker"
    ).exclude(object_id__in=[str(d.pk) for d in present])
    names_samling = Q(changes__samling_id__0__in=pks) | Q(changes__samling_id__1__in=pks)  # [before, after]
    object_ids = deltaker_history.filter(names_samling).values("object_id")
    return deltaker_history.filter(object_id__in=object_ids)


def _targets(veiledning: Veiledning, samlinger: list[Samling]) -> list[str]:
    evalueringer = Evaluering.objects.filter(samling__in=samlinger)
    return [target_of(veiledning), *(target_of(s) for s in samlinger), *(target_of(e) for e in evalueringer)]


@transaction.atomic
def personopplysninger_delete_for(*, veiledning: Veiledning) -> dict[str, int]:
    """Delete a finished Veiledning's personal data (see the module's docstring) and record
    one audit entry saying how much went. Nothing left: nothing done, nothing recorded."""
    veiledning = Veiledning.objects.select_for_update().get(pk=veiledning.pk)
    if veiledning.steg != Veiledning.Steg.AVSLUTTET:
        return {}  # re-opened since it was selected
    samlinger = list(veiledning.samlinger.all())
    deltakere = list(Deltaker.objects.filter(samling__in=samlinger))
    reminders = Paminnelse.objects.filter(target__in=_targets(veiledning, samlinger))
    fritekst = Svar.objects.filter(besvarelse__evaluering__samling__in=samlinger).exclude(tekst="")
    removed_history = _removed_deltakere_history(samlinger, deltakere)
    brev_history = AuditEntry.objects.filter(
        content_type__app_label="veiledning",
        content_type__model="veiledning",
        object_id=str(veiledning.pk),
        changes__has_key="brev_mottakere",
    )
    counts = {
        "deltakere": len(deltakere),
        "paminnelser": reminders.count(),
        "fritekstsvar": fritekst.count(),
        "brevmottakere": len(veiledning.brev_mottakere or []),
    }
    if not any(counts.values()) and not brev_history.exists() and not removed_history.exists():
        return {}
    history = removed_history.delete()[0]
    for deltaker in deltakere:
        history += audit_purge_for(deltaker)
        deltaker.delete()  # one by one: its history goes with it
    reminders.delete()
    fritekst.update(tekst="", bekreftet=False)
    history += brev_history.delete()[0]
    versions.bump_now_and_at_commit(versions.HISTORIKK)
    veiledning.brev_mottakere = []
    veiledning.save(update_fields=["brev_mottakere"])  # «last changed» stays the day it was finished
    counts["historikk"] = history
    audit_record(
        obj=veiledning,
        action=AuditEntry.Action.DELETE,
        changes={"personopplysninger": [counts, "slettet"]},
        source=SOURCE,
    )
    return counts


def school_reminders_due(cutoff: datetime) -> QuerySet[Paminnelse]:
    return Paminnelse.objects.filter(kind__in=SCHOOL_REMINDER_KINDS, state__in=FINISHED_STATES, due_at__lt=cutoff)


@dataclass
class RetentionReport:
    veiledninger: dict[int, dict[str, int]] = field(default_factory=dict)
    skolepaminnelser: int = 0

    def total(self, key: str) -> int:
        """One count (deltakere, paminnelser, fritekstsvar, brevmottakere, historikk) summed
        over the Veiledninger."""
        return sum(counts.get(key, 0) for counts in self.veiledninger.values())


def personopplysninger_delete_expired(
    *, now: datetime | None = None, maneder: int | None = None, dry_run: bool = False
) -> RetentionReport:
    """The nightly job: every finished Veiledning past the period (the setting's months
    unless `maneder` is given), each in its own transaction, then the school reminders
    past it. With dry_run, the same work is done and rolled back: the report says what
    would go."""
    if maneder is None:
        maneder = months()
    if maneder < 1:
        raise ValueError("The retention period is at least one month.")
    cutoff = months_before(now or timezone.now(), maneder)
    if not dry_run:
        return _delete_expired(cutoff)
    with transaction.atomic():
        report = _delete_expired(cutoff)
        transaction.set_rollback(True)
    return report


def _delete_expired(cutoff: datetime) -> RetentionReport:
    report = RetentionReport()
    for veiledning in veiledninger_finished_before(cutoff):
        counts = personopplysninger_delete_for(veiledning=veiledning)
        if counts:
            report.veiledninger[veiledning.pk] = counts
    report.skolepaminnelser = school_reminders_due(cutoff).delete()[0]
    return report
