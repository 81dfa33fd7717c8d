"""The programme's reminders (DESIGN.md §7): an unanswered invitation, the meetings in 7
and 1 days, the schools' preparation before the seminar. Planning writes the rows when
dates change; the builders re-check at send time, each in the recipient's language."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import date_format
from core.models import Paminnelse
from core.reminders import Wanted, paminnelser_sync, register_kind, target_object, target_of
from kommuner.models import Kontakt
from veiledning.calendar import invitations_sync, samling_ics
from veiledning.models import Samling, Veiledning

MEETING_REMINDERS = {"samling_7d": timedelta(days=7), "samling_1d": timedelta(days=1)}
INVITATION_UNANSWERED = timedelta(days=14)
PREPARATION_BEFORE = timedelta(days=14)


# --- Planning ------------------------------------------------------------------------------


def invitation_reminder_sync(*, veiledning: Veiledning) -> None:
    """Remind the veiledere if no oppstart date follows the letter within 14 days."""
    wanted = []
    if veiledning.brev_sendt_at and not veiledning.samlinger.filter(type=Samling.Type.OPPSTART).exists():
        due = veiledning.brev_sendt_at + INVITATION_UNANSWERED
        wanted = [
            Wanted("invitasjon_ubesvart", v.email, due, v.language, INVITATION_UNANSWERED)
            for v in veiledning.veiledere.all()
        ]
    paminnelser_sync(target=target_of(veiledning), kinds={"invitasjon_ubesvart"}, wanted=wanted)


def meeting_reminders_sync(*, samling: Samling) -> None:
    wanted = []
    if not samling.avlyst:
        for deltaker in samling.deltakere.select_related("kontakt__user", "samling__veiledning__kommune"):
            for kind, before in MEETING_REMINDERS.items():
                wanted.append(
                    Wanted(kind, deltaker.epost, samling.start - before, deltaker.language, before, samling.start)
                )
    paminnelser_sync(target=target_of(samling), kinds=set(MEETING_REMINDERS), wanted=wanted)
    invitations_sync(samling=samling)  # and the calendar invitations, updates, cancellations


def preparation_sync(*, samling: Samling) -> None:
    """14 days before the seminar, each school's HMS-gruppe prepares (Egenvurdering,
    who comes, the risk assessment they bring)."""
    wanted = []
    if samling.type == Samling.Type.SEMINAR and not samling.avlyst:
        kontakter = Kontakt.objects.filter(skole__in=samling.veiledning.skoler.all(), rolle__in=Kontakt.SKOLE_ROLLER)
        for kontakt in kontakter.select_related("user", "kommune"):
            wanted.append(
                Wanted(
                    "forberedelse",
                    kontakt.epost,
                    samling.start - PREPARATION_BEFORE,
                    kontakt.language,
                    event_at=samling.start,
                )
            )
    paminnelser_sync(target=target_of(samling), kinds={"forberedelse"}, wanted=wanted)


# --- Builders ------------------------------------------------------------------------------


def samling_mail(row: Paminnelse, *, subject, template: str, **extra) -> EmailMessage | None:
    """A reminder about a Samling (also the plans' follow-up): its date and time and a link
    in, or None when the Samling is gone or cancelled."""
    samling = target_object(Samling, row)
    if samling is None or samling.avlyst:
        return None
    start = timezone.localtime(samling.start)
    context = {
        "samling": samling,
        "dato": date_format(start, "l j. F Y"),
        "tid": start.strftime("%H:%M"),
        "link": settings.SITE_URL + reverse("pages:home"),
        **extra,
    }
    subject = subject(samling) if callable(subject) else subject
    return EmailMessage(subject=subject, body=render_to_string(template, context), to=[row.recipient])


def meeting_reminder(row: Paminnelse) -> EmailMessage | None:
    samling = target_object(Samling, row)
    if samling is None or not samling.deltakere.filter(epost=row.recipient).exists():
        return None  # no longer registered for it
    message = samling_mail(
        row,
        subject=lambda samling: _("Påminnelse: %(samling)s") % {"samling": samling.get_type_display()},
        template="veiledning/email/samling_paminnelse.txt",
        days=7 if row.kind == "samling_7d" else 1,
    )
    if message is not None:
        message.attach("samling.ics", samling_ics(samling), "text/calendar")
    return message


def invitation_unanswered(row: Paminnelse) -> EmailMessage | None:
    veiledning = target_object(Veiledning, row)
    if veiledning is None or veiledning.samlinger.filter(type=Samling.Type.OPPSTART).exists():
        return None
    context = {"veiledning": veiledning, "link": settings.SITE_URL + reverse("veiledning:detail", args=[veiledning.pk])}
    return EmailMessage(
        subject=_("Ingen oppstartsdato ennå: %(kommune)s") % {"kommune": veiledning.kommune.navn},
        body=render_to_string("veiledning/email/invitasjon_ubesvart.txt", context),
        to=[row.recipient],
    )


def preparation_reminder(row: Paminnelse) -> EmailMessage | None:
    return samling_mail(
        row, subject=_("Forberedelse til veiledningsseminaret"), template="veiledning/email/forberedelse.txt"
    )


def demo_reminder(row: Paminnelse) -> EmailMessage | None:
    veiledning = target_object(Veiledning, row)
    if veiledning is None:
        return None
    return EmailMessage(
        subject=_("Demo: påminnelsene virker"),
        body=_("Denne påminnelsen ble laget av seed_demo og sendt av den planlagte jobben. Se Utsendinger."),
        to=[row.recipient],
    )


def register() -> None:
    register_kind("samling_7d", meeting_reminder, gettext_lazy("Møtet om en uke"))
    register_kind("samling_1d", meeting_reminder, gettext_lazy("Møtet i morgen"))
    register_kind("invitasjon_ubesvart", invitation_unanswered, gettext_lazy("Invitasjonen er ikke besvart"))
    register_kind("forberedelse", preparation_reminder, gettext_lazy("Forberedelse til seminaret"))
    register_kind("demo", demo_reminder, gettext_lazy("Demo av påminnelsene"))
