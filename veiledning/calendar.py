"""A Samling in the participants' calendars (issue 18).

The .ics names Europe/Oslo in a VTIMEZONE and gives the times as local time with that
TZID; it says what the meeting is, where, and links to the programme's page; its
ORGANIZER is the veileder. The UID stays the same for the life of the Samling, and
SEQUENCE (Samling.sekvens) counts the changes to its time, place or cancellation, so a
calendar replaces the entry instead of adding a second one.

Participants get the file by e-mail: an invitation (METHOD:REQUEST) when the Samling is
set or they are added, an update (same UID, higher SEQUENCE) when it moves, a
cancellation (METHOD:CANCEL) when it is cancelled or they are taken off. Each e-mail is a
reminder row (core/reminders.py) due at once, so it goes out once, through the same
dispatcher and SMTP session as the reminders, and shows in the outbox."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event, vCalAddress

from core.dates import date_format
from core.models import Paminnelse
from core.reminders import register_kind, target_object, target_of
from veiledning.models import Samling

INVITASJON = "kalender_invitasjon"
AVLYSNING = "kalender_avlysning"
KINDS = (INVITASJON, AVLYSNING)

# What a calendar shows of a Samling: a change to one of these is a new SEQUENCE.
CALENDAR_FIELDS = ("start", "slutt", "sted", "teams_lenke", "avlyst")

HVA = {
    Samling.Type.OPPSTART: gettext_lazy(
        "Oppstartsmøte i veiledningen om vold og trusler i skolen: vi går gjennom opplegget og avtaler datoer, "
        "hvilke skoler som er med, og hvem som deltar."
    ),
    Samling.Type.SEMINAR: gettext_lazy(
        "Veiledningsseminar om vold og trusler i skolen for rektor, verneombud og tillitsvalgt fra hver skole: "
        "gruppeoppgaver, arbeid med handlingsplanen og evaluering."
    ),
    Samling.Type.OPPFOLGING: gettext_lazy(
        "Oppfølging etter seks måneder: vi går gjennom status på tiltakene i handlingsplanene og den nye "
        "egenvurderingen. Oppdater status på tiltakene før møtet."
    ),
}


def calendar_state(samling: Samling) -> tuple:
    return tuple(getattr(samling, name) for name in CALENDAR_FIELDS)


def uid(samling: Samling) -> str:
    return f"samling-{samling.pk}@vts"


def programme_url(samling: Samling) -> str:
    return settings.SITE_URL + reverse("veiledning:detail", args=[samling.veiledning_id])


def organizer(samling: Samling):
    """The veileder who runs the Veiledning (the first of them)."""
    return samling.veiledning.veiledere.order_by("pk").first()


def description(samling: Samling) -> str:
    lines = [str(HVA[samling.type])]
    if samling.sted:
        lines.append(f"{_('Sted')}: {samling.sted}")
    if samling.teams_lenke:
        lines.append(f"{_('Teams-lenke')}: {samling.teams_lenke}")
    lines.append(f"{_('Veiledningen i tjenesten')}: {programme_url(samling)}")
    return "\n".join(lines)


def summary(samling: Samling) -> str:
    return f"{samling.get_type_display().capitalize()}: {samling.veiledning.kommune.navn}"


def samling_ics(samling: Samling, *, method: str = "PUBLISH", attendee: tuple[str, str] | None = None) -> bytes:
    """The Samling as an iCalendar file. `attendee` (e-mail, name) for an invitation to one
    person; a published file names no one but the organizer."""
    oslo = ZoneInfo(settings.TIME_ZONE)
    start, slutt = samling.start.astimezone(oslo), samling.slutt.astimezone(oslo)
    calendar = Calendar()
    calendar.add("prodid", "-//Arbeidstilsynet//Vold og trusler i skolen//NO")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid(samling))
    event.add("sequence", samling.sekvens)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", slutt)
    event.add("summary", summary(samling))
    event.add("description", description(samling))
    location = samling.teams_lenke or samling.sted
    if location:
        event.add("location", location)
    event.add("url", programme_url(samling))
    veileder = organizer(samling)
    if veileder is not None:
        address = vCalAddress(f"mailto:{veileder.email}")
        address.params["CN"] = str(veileder)
        event.add("organizer", address)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee[0]}")
        address.params.update({"CN": attendee[1] or attendee[0], "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
        event.add("attendee", address)
    cancelled = samling.avlyst or method == "CANCEL"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    # Europe/Oslo's rules for the years around the meeting, from the tz database.
    calendar.add_missing_timezones(
        first_date=(start - timedelta(days=366)).date(), last_date=(slutt + timedelta(days=366)).date()
    )
    return calendar.to_ical()


def _attach_ics(message: EmailMessage, ics: bytes, method: str) -> None:
    """The file as a text/calendar part with its method, as calendar programs expect of an
    invitation (Content-Type: text/calendar; method=REQUEST)."""
    message.attach("invitasjon.ics", ics.decode("utf-8"), f"text/calendar; method={method}")


# --- Planning -------------------------------------------------------------------------------


def invitations_sync(*, samling: Samling) -> None:
    """Plan the e-mails that bring every participant's calendar up to date with the
    Samling's current version (SEQUENCE): an invitation to each participant who has not
    had this version, a cancellation to each who had an invitation and is no longer
    coming. Nothing for a meeting that is over. Called wherever the meeting reminders are
    re-planned (a new time, place, participant, a cancellation)."""
    target = target_of(samling)
    now = timezone.now()
    generation = samling.sekvens + 1
    rows = list(Paminnelse.objects.select_for_update().filter(target=target, kind__in=KINDS))
    coming = [] if samling.avlyst else samling.deltakere.select_related("kontakt__user", "samling__veiledning__kommune")
    deltakere = {d.epost.lower(): d for d in coming}
    for row in rows:  # an invitation not sent yet that is out of date or to someone no longer coming
        stale = row.generation != generation or row.recipient not in deltakere
        if row.kind == INVITASJON and row.state == Paminnelse.State.PLANLAGT and stale:
            row.state = Paminnelse.State.KANSELLERT
            row.save(update_fields=["state"])
    if samling.slutt <= now:
        return
    for epost, deltaker in deltakere.items():
        Paminnelse.objects.get_or_create(
            kind=INVITASJON, target=target, recipient=epost, generation=generation,
            defaults={"due_at": now, "language": deltaker.language},
        )  # fmt: skip
    sent = {
        row.recipient: row.language
        for row in rows
        if row.kind == INVITASJON and row.state in (Paminnelse.State.SENDT, Paminnelse.State.SENDING)
    }
    for epost, language in sent.items():
        if epost not in deltakere:
            Paminnelse.objects.get_or_create(
                kind=AVLYSNING, target=target, recipient=epost, generation=generation,
                defaults={"due_at": now, "language": language},
            )  # fmt: skip


# --- Builders -------------------------------------------------------------------------------


def _context(samling: Samling) -> dict:
    start = timezone.localtime(samling.start)
    return {
        "samling": samling,
        "type": samling.get_type_display(),
        "motet": samling.get_type_display().capitalize(),
        "kommune": samling.veiledning.kommune.navn,
        "dato": date_format(start, "l j. F Y"),
        "tid": f"{start:%H:%M}–{timezone.localtime(samling.slutt):%H:%M}",
        "link": programme_url(samling),
    }


def invitation(row: Paminnelse) -> EmailMessage | None:
    """The invitation or update, if it is still the Samling's current version and the
    recipient is still coming."""
    samling = target_object(Samling, row, "veiledning__kommune")
    if samling is None or samling.avlyst or row.generation != samling.sekvens + 1:
        return None
    deltaker = samling.deltakere.filter(epost__iexact=row.recipient).first()
    if deltaker is None:
        return None
    earlier = Paminnelse.objects.filter(
        kind=INVITASJON, target=row.target, recipient=row.recipient, generation__lt=row.generation,
        state=Paminnelse.State.SENDT,
    ).exists()  # fmt: skip
    context = {**_context(samling), "endret": earlier}
    subject = (
        _("Endret: %(samling)s for %(kommune)s, %(dato)s")
        if earlier
        else _("Invitasjon: %(samling)s for %(kommune)s, %(dato)s")
    ) % {"samling": context["type"], "kommune": context["kommune"], "dato": context["dato"]}
    message = EmailMessage(
        subject=subject,
        body=render_to_string("veiledning/email/samling_invitasjon.txt", context),
        to=[row.recipient],
    )
    _attach_ics(message, samling_ics(samling, method="REQUEST", attendee=(row.recipient, deltaker.navn)), "REQUEST")
    return message


def cancellation(row: Paminnelse) -> EmailMessage | None:
    """The cancellation, if the Samling is still cancelled or the recipient still off it."""
    samling = target_object(Samling, row, "veiledning__kommune")
    if samling is None:
        return None
    if not samling.avlyst and samling.deltakere.filter(epost__iexact=row.recipient).exists():
        return None  # set again, or taken back on: their invitation stands
    context = {**_context(samling), "fjernet": not samling.avlyst}
    message = EmailMessage(
        subject=_("Avlyst: %(samling)s for %(kommune)s, %(dato)s")
        % {"samling": context["type"], "kommune": context["kommune"], "dato": context["dato"]},
        body=render_to_string("veiledning/email/samling_avlysning.txt", context),
        to=[row.recipient],
    )
    _attach_ics(message, samling_ics(samling, method="CANCEL", attendee=(row.recipient, "")), "CANCEL")
    return message


def register() -> None:
    register_kind(INVITASJON, invitation, gettext_lazy("Kalenderinvitasjon"))
    register_kind(AVLYSNING, cancellation, gettext_lazy("Avlysning i kalenderen"))
