"""Reminders of the action-plan issue: the follow-up in 30 and 7 days, and a weekly
digest of overdue Tiltak per school. Builders re-check at send time."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Paminnelse
from core.reminders import Wanted, paminnelser_sync, register_kind, target_object, target_of
from handlingsplan.models import Tiltak
from handlingsplan.selectors import tiltak_overdue
from kommuner.models import Kontakt, Skole
from veiledning import hooks
from veiledning.models import Samling
from veiledning.reminders import samling_mail

FOLLOWUP = {"oppfolging_30d": timedelta(days=30), "oppfolging_7d": timedelta(days=7)}


def followup_sync(*, samling: Samling) -> None:
    """Before the six-month meeting: the schools' HMS-grupper and the Kommune's people
    update every Tiltak's status and redo the Egenvurdering."""
    wanted = []
    if samling.type == Samling.Type.OPPFOLGING and not samling.avlyst:
        veiledning = samling.veiledning
        kontakter = Kontakt.objects.filter(kommune=veiledning.kommune).filter(
            skole__in=veiledning.skoler.all()
        ) | Kontakt.objects.filter(kommune=veiledning.kommune, skole__isnull=True)
        for kontakt in kontakter.select_related("user", "kommune").distinct():
            for kind, before in FOLLOWUP.items():
                wanted.append(
                    Wanted(kind, kontakt.epost, samling.start - before, kontakt.language, before, samling.start)
                )
    paminnelser_sync(target=target_of(samling), kinds=set(FOLLOWUP), wanted=wanted)


def samling_changed(*, samling: Samling, change: str, by, source: str = "") -> None:
    """Listener (veiledning.hooks): the follow-up reminders follow the oppfølging's date
    and its cancelling."""
    if change in (hooks.SCHEDULED, hooks.CANCELLED) and samling.type == Samling.Type.OPPFOLGING:
        followup_sync(samling=samling)


def followup_reminder(row: Paminnelse) -> EmailMessage | None:
    return samling_mail(
        row,
        subject=_("Oppfølgingsmøtet nærmer seg: oppdater tiltakene"),
        template="handlingsplan/email/oppfolging.txt",
        days=30 if row.kind == "oppfolging_30d" else 7,
    )


def digest_week(now=None) -> int:
    """The generation of this week's digest: ISO year and week, so one per week."""
    year, week, _day = timezone.localtime(now or timezone.now()).isocalendar()
    return year * 100 + week


def overdue_digests_plan(*, now=None) -> int:
    """Plan this week's digest for every school with overdue Tiltak (run weekly by beat;
    the unique generation makes running it twice harmless)."""
    now = now or timezone.now()
    generation = digest_week(now)
    planned = 0
    today = timezone.localtime(now).date()
    schools = Skole.objects.filter(
        handlingsplaner__tiltak__status__in=Tiltak.OPEN, handlingsplaner__tiltak__frist__lt=today
    ).distinct()
    # Every school's people in one query, not one per school.
    for kontakt in Kontakt.objects.filter(skole__in=schools).select_related("user", "kommune", "skole"):
        _row, created = Paminnelse.objects.get_or_create(
            kind="tiltak_forfalt",
            target=target_of(kontakt.skole),
            recipient=kontakt.epost,
            generation=generation,
            defaults={"due_at": now, "language": kontakt.language},
        )
        planned += created
    return planned


def overdue_digest(row: Paminnelse) -> EmailMessage | None:
    skole = target_object(Skole, row)
    if skole is None:
        return None
    overdue = list(tiltak_overdue(skole=skole))
    if not overdue:
        return None  # finished since: nothing to send
    context = {
        "skole": skole,
        "tiltak": overdue,
        "link": settings.SITE_URL + reverse("handlingsplan:skole_plan", args=[skole.pk]),
    }
    return EmailMessage(
        subject=_("Tiltak som har passert fristen: %(skole)s") % {"skole": skole.navn},
        body=render_to_string("handlingsplan/email/forfalt.txt", context),
        to=[row.recipient],
    )


def register() -> None:
    register_kind("tiltak_forfalt", overdue_digest, gettext_lazy("Tiltak over fristen (ukentlig)"))
    register_kind("oppfolging_30d", followup_reminder, gettext_lazy("Oppfølgingen om 30 dager"))
    register_kind("oppfolging_7d", followup_reminder, gettext_lazy("Oppfølgingen om en uke"))
