import io
from datetime import timedelta

import pypdf
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from core.models import Paminnelse
from core.reminders import paminnelser_send_due, target_of
from veiledning import services, skoleferie
from veiledning.calendar import samling_ics
from veiledning.models import Samling, StegEndring, Veiledning


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_step_change_out_of_order_is_refused_and_changes_nothing(world):
    veiledning = world.own.veiledning
    with pytest.raises(ValidationError, match="hopper over rekkefølgen"):
        services.veiledning_set_steg(veiledning=veiledning, til=Veiledning.Steg.SEMINAR, by=world.veileder)
    with pytest.raises(ValidationError, match="invitasjonsbrevet er sendt"):
        services.veiledning_set_steg(veiledning=veiledning, til=Veiledning.Steg.INVITERT, by=world.veileder)
    veiledning.refresh_from_db()
    assert veiledning.steg == Veiledning.Steg.PLANLAGT and not StegEndring.objects.exists()


def test_skipping_with_a_reason_is_recorded_but_data_is_still_needed(world):
    veiledning = world.own.veiledning
    with pytest.raises(ValidationError, match="oppstartsmøtet har en dato"):
        services.veiledning_set_steg(veiledning=veiledning, til="oppstart", by=world.veileder, grunn="Brev på papir")
    services.veiledning_set_steg(veiledning=veiledning, til="seminar", by=world.veileder, grunn="Avtalt på telefon")
    change = StegEndring.objects.get()
    assert (change.fra, change.til, change.grunn, change.av) == (
        "planlagt",
        "seminar",
        "Avtalt på telefon",
        world.veileder,
    )
    # Going back also needs a reason.
    with pytest.raises(ValidationError):
        services.veiledning_set_steg(veiledning=veiledning, til="planlagt", by=world.veileder)


def test_seminar_brings_the_oppfolging_six_months_later_and_moves_it(world):
    veiledning, seminar = world.own.veiledning, world.own.seminar
    oppfolging = veiledning.samlinger.get(type=Samling.Type.OPPFOLGING)
    assert oppfolging.start == skoleferie.oppfolging_forslag(seminar.start)  # about six months, on a school day
    assert skoleferie.er_skoledag(timezone.localtime(oppfolging.start).date())
    assert 150 <= (oppfolging.start - seminar.start).days <= 215
    assert set(oppfolging.deltakere.values_list("rolle", flat=True)) == {"kommunalsjef", "hvo"}  # HTV/HMS: none here
    services.samling_schedule(
        veiledning=veiledning,
        type="seminar",
        start=seminar.start + timedelta(days=7),
        slutt=seminar.slutt + timedelta(days=7),
    )
    moved = veiledning.samlinger.get(type=Samling.Type.OPPFOLGING)
    assert moved.start == skoleferie.on_skoledag(oppfolging.start + timedelta(days=7))


def test_ics_parses_back_with_oslo_times(world):
    seminar = world.own.seminar
    event = next(c for c in Calendar.from_ical(samling_ics(seminar)).walk("VEVENT"))
    start = event.decoded("dtstart")
    assert start == seminar.start and str(start.tzinfo) == "Europe/Oslo"
    assert event.decoded("dtend") == seminar.slutt


@pytest.mark.parametrize(
    ("tenant", "words", "not_words"),
    [("own", ["skolen", "Vår ref."], ["skulen"]), ("foreign", ["skulen", "rettleiing"], ["skolen"])],
)
def test_letter_is_sent_once_in_the_kommunes_malform(
    world, django_capture_on_commit_callbacks, tenant, words, not_words
):
    veiledning = getattr(world, tenant).veiledning
    by = world.admin
    with pytest.raises(ValidationError, match="Vår referanse"):
        services.brev_send(veiledning=veiledning, by=by)
    services.veiledning_update_brev(veiledning=veiledning, var_ref="2026/4711", brevform="", by=by)
    with django_capture_on_commit_callbacks(execute=True):
        services.brev_send(veiledning=veiledning, by=by)
    with pytest.raises(ValidationError, match="Brevet ble sendt"):
        services.brev_send(veiledning=veiledning, by=by)  # a double click
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [veiledning.kommune.postmottak]
    assert getattr(world, tenant).kontakter["skoleeier"].epost in message.cc
    _name, pdf, mime = message.attachments[0]
    text = pdf_text(pdf)
    assert mime == "application/pdf" and "2026/4711" in text
    for word in words:
        assert word in text
    for word in not_words:
        assert word not in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="2"' in xmp or b"<pdfaid:part>2</pdfaid:part>" in xmp  # PDF/A-2a
    assert b"A" in xmp.split(b"pdfaid:conformance")[1][:5]
    veiledning.refresh_from_db()
    assert veiledning.steg == "invitert" and veiledning.brev_mottakere[0] == veiledning.kommune.postmottak


def test_meeting_reminders_go_once_each_and_moving_retimes_the_second(world):
    services.samling_cancel(samling=world.foreign.seminar, by=world.admin)  # only one seminar in play
    seminar = world.own.seminar  # starts in 8 days; the HMS-gruppe (2 people) is registered
    target = target_of(seminar)
    assert Paminnelse.objects.filter(target=target, state="planlagt", kind__startswith="samling").count() == 4
    # The preparation (14 days before) is late but the seminar is ahead: it goes at once,
    # as do the calendar invitations (test_kalender.py).
    paminnelser_send_due(now=timezone.now())
    prepared = {m.to[0] for m in mail.outbox if "Forberedelse" in m.subject}
    assert prepared == {"hms1@example.com", "verneombud1@example.com"}
    mail.outbox.clear()

    first_due = seminar.start - timedelta(days=7) + timedelta(minutes=1)
    assert paminnelser_send_due(now=first_due) == 2
    assert paminnelser_send_due(now=first_due) == 0  # never twice
    assert {m.to[0] for m in mail.outbox} == {"hms1@example.com", "verneombud1@example.com"}
    assert mail.outbox[0].attachments[0][0] == "samling.ics"

    # Move the seminar two days later after the first reminder went out.
    services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=seminar.start + timedelta(days=2),
        slutt=seminar.slutt + timedelta(days=2),
    )  # fmt: skip
    paminnelser_send_due(now=timezone.now())  # the calendar updates go at once
    one_day = Paminnelse.objects.filter(target=target, kind="samling_1d", state="planlagt")
    assert one_day.count() == 2 and all(p.generation == 2 for p in one_day)
    assert Paminnelse.objects.filter(target=target, kind="samling_7d", state="sendt").count() == 2  # unchanged
    old_day_before = seminar.start - timedelta(days=1) + timedelta(minutes=1)
    assert paminnelser_send_due(now=old_day_before) == 0  # the old time no longer fires
    new_day_before = seminar.start + timedelta(days=1, minutes=1)
    assert paminnelser_send_due(now=new_day_before) == 2
    reminders = [m for m in mail.outbox if "Påminnelse" in m.subject]
    assert len(reminders) == 4 and "i morgen" in reminders[-1].body


def test_reminders_are_in_the_recipients_language(world):
    seminar = world.foreign.seminar  # a nynorsk Kommune; its people have no language of their own yet
    user = world.foreign.users["hms"]
    user.language = "en"
    user.save()
    services.deltaker_add(samling=seminar, navn="Nils", epost="nils@example.com", rolle="annet")  # no user
    services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=seminar.start, slutt=seminar.slutt, sted="Skulen"
    )
    paminnelser_send_due(now=seminar.start - timedelta(days=7) + timedelta(minutes=1))
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Reminder" in by_recipient["hms2@example.com"].subject
    assert "Påminning" in by_recipient["nils@example.com"].subject  # the Kommune's nynorsk
    assert "Påminnelse" in by_recipient["verneombud2@example.com"].subject  # chose bokmål
    assert "Påminnelse" in by_recipient["hms1@example.com"].subject  # the bokmål Kommune


def test_a_reminder_two_days_late_is_missed_not_sent(world):
    seminar = world.own.seminar
    paminnelser_send_due(now=seminar.start - timedelta(days=7) + timedelta(days=3))
    assert Paminnelse.objects.filter(target=target_of(seminar), kind="samling_7d", state="tapt").count() == 2
    assert mail.outbox == []


def test_cancelling_a_samling_cancels_its_reminders(world):
    services.samling_cancel(samling=world.own.seminar, by=world.veileder)
    assert not Paminnelse.objects.filter(target=target_of(world.own.seminar), state="planlagt").exists()


def test_invitation_unanswered_reminds_the_veileder_unless_oppstart_is_set(world, django_capture_on_commit_callbacks):
    veiledning = world.own.veiledning
    services.veiledning_update_brev(veiledning=veiledning, var_ref="2026/1", brevform="", by=world.veileder)
    with django_capture_on_commit_callbacks(execute=True):
        services.brev_send(veiledning=veiledning, by=world.veileder)
    mail.outbox.clear()
    later = timezone.now() + timedelta(days=14, minutes=5)
    assert paminnelser_send_due(now=later) >= 1
    assert [m.to for m in mail.outbox if "oppstartsdato" in m.subject] == [[world.veileder.email]]


def test_stale_answer_is_refused_with_both_versions(world):
    v, skole, user = world.own.veiledning, world.own.skole, world.own.users["hms"]
    first = services.oppgavesvar_save(
        veiledning=v, skole=skole, oppgave="oppgave1", sporsmal=0, tekst="A", versjon=0, by=user
    )
    services.oppgavesvar_save(
        veiledning=v, skole=skole, oppgave="oppgave1", sporsmal=0, tekst="B", versjon=first.versjon, by=user
    )
    with pytest.raises(services.StaleVersion) as stale:
        services.oppgavesvar_save(
            veiledning=v, skole=skole, oppgave="oppgave1", sporsmal=0, tekst="C", versjon=1, by=user
        )
    assert stale.value.stored.tekst == "B"


def test_egenvurdering_change_from_baseline_to_followup(world):
    from veiledning.selectors import egenvurdering_endring

    v, skole, user = world.own.veiledning, world.own.skole, world.own.users["hms"]
    keys = [p["key"] for p in v.programmal.innhold["egenvurdering"]]
    services.egenvurdering_save(
        veiledning=v, skole=skole, fase="baseline", svar={k: {"svar": "nei"} for k in keys}, ferdig=True, by=user
    )
    with pytest.raises(ValidationError):
        services.egenvurdering_save(
            veiledning=v, skole=skole, fase="oppfolging", svar={keys[0]: {"svar": "ja"}}, ferdig=True, by=user
        )
    services.egenvurdering_save(
        veiledning=v, skole=skole, fase="oppfolging", svar={k: {"svar": "ja"} for k in keys}, ferdig=True, by=user
    )
    change = egenvurdering_endring(user=world.own.users["skoleeier"], veiledning=v)
    assert change["skoler"][0]["endring"] == 2 * len(keys) and change["total"]["endring"] == 2 * len(keys)


def test_editing_the_template_makes_a_new_version_and_running_veiledninger_keep_theirs(world):
    old = world.own.veiledning.programmal
    innhold = {**old.innhold, "laeringsmal": [{"nb": "Nytt mål", "nn": "Nytt mål"}]}
    new = services.programmal_new_version(programmal=old, innhold=innhold, by=world.admin)
    assert new.versjon == old.versjon + 1 and new.er_aktiv
    world.own.veiledning.refresh_from_db()
    assert world.own.veiledning.programmal_id == old.pk
    assert services.programmal_active() == new


def test_default_template_has_the_seed_content_in_both_malformer():
    from veiledning.programmal import standard_innhold

    innhold = standard_innhold()
    assert [a["start"] for a in innhold["agenda"]][:5] == ["09:00", "09:15", "09:40", "09:50", "10:00"]
    pause = next(a for a in innhold["agenda"] if a["start"] == "09:50")
    assert pause["slutt"] == "10:00"  # the seed's "10:50 – 10:00" typo, corrected
    assert [o["key"] for o in innhold["oppgaver"]] == [
        "oppgave1", "oppgave2", "oppgave3a", "oppgave3b", "oppgave3c", "handlingsplan_skole", "handlingsplan_kommune",
    ]  # fmt: skip
    assert innhold["evaluering"][0]["tekst"]["nb"].startswith("I hvilken grad ga fagdagen deg økt kunnskap")

    def texts(node):
        if isinstance(node, dict):
            if "nb" in node or "nn" in node:
                yield node
            else:
                for value in node.values():
                    yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)

    assert all(t.get("nb") and t.get("nn") for t in texts(innhold))


def test_closing_report_pdf_in_nynorsk(world):
    from pages.reports import closing_report_pdf, scope_for

    scope = scope_for(user=world.foreign.users["skoleeier"], veiledning=world.foreign.veiledning)
    text = pdf_text(closing_report_pdf(str(world.foreign.veiledning.pk), "nn", scope.key()))
    assert "Sluttrapport" in text and "Testskole 2" in text
