"""The outbox tells the truth (issue 18, item 6): kinds in words, each line's programme
and recipient linked, sent letters among the sent; a meeting set for tomorrow still gets
its reminder, once; one e-mail per person per day."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Paminnelse
from core.reminders import paminnelser_send_due, target_of
from veiledning import services


def test_a_seminar_set_for_tomorrow_reminds_its_participants_at_once_and_only_once(world):
    services.samling_cancel(samling=world.foreign.seminar, by=world.admin)
    seminar = world.own.seminar
    start = timezone.now().replace(microsecond=0) + timedelta(hours=20)  # 7 days and 1 day before have passed
    seminar = services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=start, slutt=start + timedelta(hours=4), sted="Bergen"
    )
    planned = Paminnelse.objects.filter(target=target_of(seminar), state="planlagt")
    # The nearest of the meeting reminders (the day before), not also the week before.
    assert sorted(planned.filter(kind__startswith="samling").values_list("kind", "recipient")) == [
        ("samling_1d", "hms1@example.com"),
        ("samling_1d", "verneombud1@example.com"),
    ]
    assert all(row.due_at <= timezone.now() for row in planned)
    # Only this seminar's reminders in play (not the calendar invitations scheduling sends).
    Paminnelse.objects.exclude(target=target_of(seminar)).delete()
    Paminnelse.objects.exclude(kind__in=("samling_7d", "samling_1d", "forberedelse")).delete()
    mail.outbox.clear()
    paminnelser_send_due()
    assert sorted(m.to[0] for m in mail.outbox) == ["hms1@example.com", "verneombud1@example.com"]
    assert all("i morgen" in m.body for m in mail.outbox)
    # Planned again (a participant added, the time saved again): never twice.
    services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=start, slutt=start + timedelta(hours=4), sted="Bergen"
    )
    Paminnelse.objects.exclude(kind__in=("samling_7d", "samling_1d", "forberedelse")).delete()
    mail.outbox.clear()
    assert paminnelser_send_due() == 0
    assert mail.outbox == []


def test_a_meeting_in_three_days_reminds_now_for_the_week_and_later_for_the_day_before(world):
    seminar = world.own.seminar
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    seminar = services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=start, slutt=start + timedelta(hours=4), sted="Voss"
    )
    rows = Paminnelse.objects.filter(target=target_of(seminar), state="planlagt", recipient="hms1@example.com")
    due = dict(rows.filter(kind__startswith="samling").values_list("kind", "due_at"))
    assert due["samling_7d"] <= timezone.now() and due["samling_1d"] == start - timedelta(days=1)


def test_a_meeting_already_begun_gets_no_late_reminder(world):
    seminar = world.own.seminar
    start = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    seminar = services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=start, slutt=start + timedelta(hours=4), sted="Voss"
    )
    planned = Paminnelse.objects.filter(target=target_of(seminar), state="planlagt")
    assert not planned.filter(kind__in=("samling_7d", "samling_1d", "forberedelse")).exists()


def test_one_recipient_gets_one_email_a_day_with_all_their_reminders(world):
    seminar = world.own.seminar
    Paminnelse.objects.all().delete()
    now = timezone.now()
    target = target_of(seminar)
    for kind, due in (("samling_7d", now - timedelta(minutes=1)), ("oppfolging_7d", now - timedelta(minutes=1))):
        Paminnelse.objects.create(kind=kind, target=target, recipient="hms1@example.com", language="nb", due_at=due)
    later_today = timezone.localtime(now).replace(hour=23, minute=58)
    if later_today > now:
        Paminnelse.objects.create(
            kind="forberedelse", target=target, recipient="hms1@example.com", language="nb", due_at=later_today
        )
    Paminnelse.objects.create(
        kind="samling_1d", target=target, recipient="hms1@example.com", language="nb", due_at=now + timedelta(days=2)
    )
    Paminnelse.objects.create(
        kind="samling_7d", target=target, recipient="verneombud1@example.com", language="nb", due_at=now
    )
    mail.outbox.clear()
    paminnelser_send_due(now=now)
    by_recipient = {}
    for message in mail.outbox:
        by_recipient.setdefault(message.to[0], []).append(message)
    assert len(by_recipient["hms1@example.com"]) == 1 and len(by_recipient["verneombud1@example.com"]) == 1
    merged = by_recipient["hms1@example.com"][0]
    assert "Påminnelse" in merged.subject and "Oppfølgingsmøtet" in merged.subject
    assert "om en uke" in merged.body.lower() or "7 dager" in merged.body
    states = dict(
        Paminnelse.objects.filter(recipient="hms1@example.com").values_list("kind", "state").order_by("due_at")
    )
    assert states["samling_7d"] == states["oppfolging_7d"] == "sendt"
    assert states["samling_1d"] == "planlagt"  # another day: its own e-mail then
    if later_today > now:
        assert states["forberedelse"] == "sendt"
    assert paminnelser_send_due(now=now) == 0


def test_the_outbox_names_kinds_in_words_and_links_programme_and_recipient(client, world):
    client.force_login(world.veileder)
    response = client.get(reverse("pages:outbox"))
    html = response.content.decode()
    assert "samling_7d" not in html and "Møtet om en uke" in html
    assert reverse("veiledning:detail", args=[world.own.veiledning.pk]) in html
    assert f'href="{reverse("pages:skole", args=[world.own.skole.pk])}">hms1@example.com' in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("pages:outbox"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "samling_7d" not in html


def test_sent_letters_stand_in_the_outbox(client, world, settings):
    veiledning = world.own.veiledning
    services.veiledning_update_brev(veiledning=veiledning, var_ref="2026/77", brevform="", by=world.veileder)
    services.brev_send(veiledning=veiledning, by=world.veileder)
    client.force_login(world.veileder)
    html = client.get(reverse("pages:outbox") + "?vis=sendt").content.decode()
    assert "Invitasjonsbrev" in html and reverse("veiledning:brev", args=[veiledning.pk]) in html
    assert world.own.kommune.postmottak in html
    # Not another veileder's letter.
    other = world.foreign.veiledning
    services.veiledning_update_brev(veiledning=other, var_ref="2026/78", brevform="", by=world.admin)
    services.brev_send(veiledning=other, by=world.admin)
    html = client.get(reverse("pages:outbox") + "?vis=sendt").content.decode()
    assert world.foreign.kommune.postmottak not in html


def test_a_message_with_its_own_structure_is_not_merged(world, monkeypatch):
    """A calendar invitation (a text/calendar part) goes on its own, the rest together."""
    from email.mime.text import MIMEText

    from django.core.mail import EmailMessage

    from core import reminders

    def invitation(row):
        message = EmailMessage(subject="Invitasjon", body="Kalender", to=[row.recipient])
        message.attach(MIMEText("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", "calendar", "utf-8"))
        return message

    def invitation_as_tuple(row):
        message = EmailMessage(subject="Invitasjon", body="Kalender", to=[row.recipient])
        message.attach(
            "invite.ics", "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", "text/calendar; method=REQUEST"
        )
        return message

    monkeypatch.setitem(reminders.BUILDERS, "test_invitasjon", invitation)
    monkeypatch.setitem(reminders.BUILDERS, "test_invitasjon_tuple", invitation_as_tuple)
    Paminnelse.objects.all().delete()
    now = timezone.now()
    target = target_of(world.own.seminar)
    for kind in ("test_invitasjon", "test_invitasjon_tuple", "samling_7d", "oppfolging_7d"):
        Paminnelse.objects.create(kind=kind, target=target, recipient="hms1@example.com", language="nb", due_at=now)
    paminnelser_send_due(now=now)
    assert sorted(m.subject.split(" ")[0] for m in mail.outbox) == ["Invitasjon", "Invitasjon", "Påminnelse:"]
    assert set(Paminnelse.objects.values_list("state", flat=True)) == {"sendt"}
