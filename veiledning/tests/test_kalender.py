"""Calendar files and invitations (issue 18): the .ics carries Europe/Oslo as a VTIMEZONE,
says what the meeting is, where, and links to the programme; its UID stays while SEQUENCE
counts the changes; participants get REQUEST invitations, updates and CANCEL by e-mail."""

from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.models import Paminnelse
from core.reminders import paminnelser_send_due, target_of
from veiledning import services
from veiledning.calendar import samling_ics
from veiledning.models import Samling


def _event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    return calendar, next(iter(calendar.walk("VEVENT")))


def _calendar_parts(message) -> list[tuple[str, bytes]]:
    """(content type, ics) of every calendar attachment of an e-mail."""
    parts = []
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            parts.append((part["Content-Type"], part.get_payload(decode=True)))
    return parts


def _invitations(recipient: str) -> list[tuple[str, Calendar, object]]:
    found = []
    for message in mail.outbox:
        if recipient in message.to:
            for content_type, ics in _calendar_parts(message):
                calendar, event = _event(ics)
                found.append((str(calendar["METHOD"]), event, message, content_type))
    return found


def test_ics_has_oslo_as_vtimezone_a_description_and_the_organizer(world):
    seminar = world.own.seminar
    ics = samling_ics(seminar)
    text = ics.decode()
    calendar, event = _event(ics)
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Oslo"]
    assert {c.name for c in timezones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    local = timezone.localtime(seminar.start)
    assert f"DTSTART;TZID=Europe/Oslo:{local:%Y%m%dT%H%M%S}" in text
    assert event.decoded("dtstart") == seminar.start
    description = str(event["DESCRIPTION"])
    assert "Rådhuset" in description
    assert settings.SITE_URL + reverse("veiledning:detail", args=[seminar.veiledning.pk]) in description
    assert "seminar" in description.lower() and len(description) > 80
    assert str(event["ORGANIZER"]) == f"mailto:{world.veileder.email}"
    assert event["ORGANIZER"].params.get("CN") == str(world.veileder)
    assert int(event["SEQUENCE"]) == seminar.sekvens


def test_uid_stays_and_sequence_counts_the_changes(world):
    seminar = world.own.seminar
    _cal, before = _event(samling_ics(seminar))
    moved = services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=seminar.start + timedelta(days=1),
        slutt=seminar.slutt + timedelta(days=1), sted="Rådhuset",
    )  # fmt: skip
    _cal, after = _event(samling_ics(moved))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    # Saving without a change to time or place is no new version of the invitation.
    same = services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=moved.start, slutt=moved.slutt, sted="Rådhuset"
    )
    assert same.sekvens == moved.sekvens
    cancelled = services.samling_cancel(samling=same, by=world.veileder)
    _cal, gone = _event(samling_ics(cancelled))
    assert int(gone["SEQUENCE"]) == int(after["SEQUENCE"]) + 1 and str(gone["STATUS"]) == "CANCELLED"


def test_the_download_is_published_with_the_timezone(world, client):
    client.force_login(world.own.users["skoleeier"])
    response = client.get(reverse("veiledning:samling_ics", args=[world.own.seminar.pk]))
    calendar, event = _event(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH" and list(calendar.walk("VTIMEZONE"))
    assert "ATTENDEE" not in event  # who else comes is not in a file anyone may pass on


def test_participants_get_an_invitation_an_update_and_a_cancellation(world):
    seminar = world.own.seminar  # the HMS-gruppe (rektor, verneombud) is registered
    rektor = world.own.kontakter["hms"].epost
    paminnelser_send_due()
    [(method, event, message, content_type)] = _invitations(rektor)
    assert method == "REQUEST" and "method=REQUEST" in content_type.replace('"', "")
    uid, first_sequence = str(event["UID"]), int(event["SEQUENCE"])
    assert str(event["ATTENDEE"]) == f"mailto:{rektor}"
    assert "Rådhuset" in message.body and "invit" in message.subject.lower()
    assert list(Calendar.from_ical(_calendar_parts(message)[0][1]).walk("VTIMEZONE"))

    mail.outbox.clear()
    paminnelser_send_due()
    assert _invitations(rektor) == []  # sent once

    services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=seminar.start + timedelta(days=2),
        slutt=seminar.slutt + timedelta(days=2), sted="Kulturhuset", by=world.veileder,
    )  # fmt: skip
    paminnelser_send_due()
    [(method, event, message, _type)] = _invitations(rektor)
    assert method == "REQUEST" and str(event["UID"]) == uid and int(event["SEQUENCE"]) > first_sequence
    assert "Kulturhuset" in str(event["LOCATION"])
    assert event.decoded("dtstart") == seminar.start + timedelta(days=2)

    mail.outbox.clear()
    services.samling_cancel(samling=seminar, by=world.veileder)
    paminnelser_send_due()
    [(method, event, message, content_type)] = _invitations(rektor)
    assert method == "CANCEL" and "method=CANCEL" in content_type.replace('"', "")
    assert str(event["UID"]) == uid and str(event["STATUS"]) == "CANCELLED"
    assert "avlyst" in message.subject.lower()


def test_an_added_participant_gets_the_invitation_in_their_language(world):
    seminar = world.foreign.seminar  # a nynorsk kommune
    paminnelser_send_due()
    mail.outbox.clear()
    services.deltaker_add(samling=seminar, navn="Nina Ny", epost="nina@example.com", rolle="annet")
    paminnelser_send_due()
    [(method, event, _message, _type)] = _invitations("nina@example.com")
    assert method == "REQUEST" and int(event["SEQUENCE"]) == Samling.objects.get(pk=seminar.pk).sekvens
    row = Paminnelse.objects.get(recipient="nina@example.com", kind="kalender_invitasjon")
    assert row.language == "nn" and row.state == Paminnelse.State.SENDT


def test_a_removed_participant_gets_a_cancellation(world):
    seminar = world.own.seminar
    paminnelser_send_due()
    mail.outbox.clear()
    deltaker = seminar.deltakere.get(epost=world.own.kontakter["verneombud"].epost)
    services.deltaker_remove(deltaker=deltaker, by=world.veileder)
    paminnelser_send_due()
    [(method, _ev, _message, _type)] = _invitations(deltaker.epost)
    assert method == "CANCEL"
    assert _invitations(world.own.kontakter["hms"].epost) == []  # the others are not bothered


def test_a_meeting_in_the_past_sends_no_invitation_but_a_coming_one_does(world):
    veiledning = world.own.veiledning
    start = timezone.now() - timedelta(days=3)
    held = services.samling_schedule(
        veiledning=veiledning, type="oppstart", start=start, slutt=start + timedelta(hours=1)
    )
    assert held.deltakere.exists()
    assert not Paminnelse.objects.filter(target=target_of(held), kind="kalender_invitasjon").exists()
    coming = services.samling_schedule(
        veiledning=veiledning,
        type="oppstart",
        start=start + timedelta(days=10),
        slutt=start + timedelta(days=10, hours=1),
    )
    invited = Paminnelse.objects.filter(target=target_of(coming), kind="kalender_invitasjon")
    assert set(invited.values_list("recipient", flat=True)) == set(coming.deltakere.values_list("epost", flat=True))
