"""The privacy statement's «Hvor lenge», done: the nightly job deletes exactly what the
statement says, after the period it gives, and nothing of a running programme."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from core.audit import audit_record, history_for
from core.models import AuditEntry, Paminnelse
from core.reminders import target_of
from evaluering.models import Besvarelse, Evaluering, Svar
from pages.retention import months_before
from pages.tasks import delete_expired_personal_data
from risikovurdering.models import Risikovurdering
from veiledning.models import Deltaker, StegEndring, Veiledning

OSLO = ZoneInfo("Europe/Oslo")


def _finish(veiledning: Veiledning, *, months_ago: int, mottakere=("postmottak1@example.com",)) -> None:
    """Set to «avsluttet» that long ago, with the letter's recipients stored and audited."""
    with time_machine.travel(timezone.now() - timedelta(days=31 * months_ago)):
        veiledning.steg = Veiledning.Steg.AVSLUTTET
        veiledning.brev_mottakere = list(mottakere)
        veiledning.save()
        StegEndring.objects.create(veiledning=veiledning, fra="oppfolging", til=Veiledning.Steg.AVSLUTTET)
        audit_record(obj=veiledning, action="update", changes={"brev_mottakere": [[], list(mottakere)]})


def _answer(veiledning: Veiledning, tekst: str) -> Svar:
    seminar = veiledning.samlinger.get(type="seminar")
    evaluering = Evaluering.objects.filter(samling=seminar).first() or Evaluering.objects.create(
        samling=seminar, apner_at=seminar.start, lukker_at=seminar.slutt + timedelta(days=7)
    )
    besvarelse = Besvarelse.objects.create(evaluering=evaluering, enhet=f"enhet-{veiledning.pk}-{tekst[:5]}")
    Svar.objects.create(besvarelse=besvarelse, sporsmal="likert1", verdi=4)
    return Svar.objects.create(besvarelse=besvarelse, sporsmal="fritekst1", tekst=tekst, bekreftet=True)


def _reminder(veiledning: Veiledning) -> Paminnelse:
    seminar = veiledning.samlinger.get(type="seminar")
    return Paminnelse.objects.create(
        kind="samling_1d", target=target_of(seminar), recipient="hms@example.com", due_at=seminar.start, state="sendt"
    )


def test_months_before_is_calendar_months():
    assert months_before(datetime(2026, 12, 1, 3, 30, tzinfo=OSLO), 12) == datetime(2025, 12, 1, 3, 30, tzinfo=OSLO)
    assert months_before(datetime(2026, 3, 31, tzinfo=OSLO), 1) == datetime(2026, 2, 28, tzinfo=OSLO)
    assert months_before(datetime(2024, 3, 31, tzinfo=OSLO), 1) == datetime(2024, 2, 29, tzinfo=OSLO)
    assert months_before(datetime(2026, 1, 15, tzinfo=OSLO), 13) == datetime(2024, 12, 15, tzinfo=OSLO)


@pytest.mark.django_db
def test_the_job_deletes_a_finished_programmes_personal_data_after_the_period_and_nothing_else(world, settings):
    settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = 12
    old = world.own.veiledning
    running = world.foreign.veiledning
    deltaker = Deltaker.objects.filter(samling__veiledning=old).first()
    assert deltaker is not None and history_for(deltaker).exists()
    old_text = _answer(old, "Godt seminar, takk")
    running_text = _answer(running, "Nyttig dag")
    old_reminder = _reminder(old)
    running_reminder = _reminder(running)
    _finish(old, months_ago=13)
    n_running_deltakere = Deltaker.objects.filter(samling__veiledning=running).count()
    assert n_running_deltakere

    assert delete_expired_personal_data() == 1

    # The finished programme: participants (with their history), reminders, the letter's
    # recipients (with their history) and the free text are gone; the scores stay.
    assert not Deltaker.objects.filter(samling__veiledning=old).exists()
    assert not history_for(deltaker).exists()
    assert not Paminnelse.objects.filter(pk=old_reminder.pk).exists()
    assert not Paminnelse.objects.filter(target=target_of(old.samlinger.get(type="seminar"))).exists()
    old.refresh_from_db()
    assert old.brev_mottakere == []
    assert not history_for(old).filter(changes__has_key="brev_mottakere").exists()
    old_text.refresh_from_db()
    assert old_text.tekst == "" and not old_text.bekreftet
    assert Svar.objects.filter(besvarelse=old_text.besvarelse, sporsmal="likert1", verdi=4).exists()
    # One audit entry on the Veiledning says what went.
    entry = history_for(old).get(source="sletting")
    assert entry.action == AuditEntry.Action.DELETE
    counts = entry.changes["personopplysninger"][0]
    assert counts["deltakere"] >= 1 and counts["paminnelser"] >= 1
    assert counts["fritekstsvar"] == 1 and counts["brevmottakere"] == 1
    # The school's own work stays.
    assert Risikovurdering.objects.filter(pk=world.own.vurdering.pk).exists()
    assert world.own.plan.tiltak.exists()

    # The running programme is untouched.
    assert Deltaker.objects.filter(samling__veiledning=running).count() == n_running_deltakere
    assert Paminnelse.objects.filter(pk=running_reminder.pk).exists()
    running_text.refresh_from_db()
    assert running_text.tekst == "Nyttig dag"

    # Run again: nothing left, nothing recorded.
    assert delete_expired_personal_data() == 0
    assert history_for(old).filter(source="sletting").count() == 1


@pytest.mark.django_db
def test_a_programme_finished_within_the_period_keeps_its_data(world, settings):
    settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = 12
    veiledning = world.own.veiledning
    text = _answer(veiledning, "Bra")
    _finish(veiledning, months_ago=11)

    assert delete_expired_personal_data() == 0

    assert Deltaker.objects.filter(samling__veiledning=veiledning).exists()
    text.refresh_from_db()
    assert text.tekst == "Bra"
    veiledning.refresh_from_db()
    assert veiledning.brev_mottakere == ["postmottak1@example.com"]

    # The period is the setting: six months, and the same programme is past it.
    settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = 6
    assert delete_expired_personal_data() == 1
    assert not Deltaker.objects.filter(samling__veiledning=veiledning).exists()


@pytest.mark.django_db
def test_the_schools_reminders_go_by_their_own_age(world, settings):
    settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = 12
    skole = world.own.skole
    now = timezone.now()

    def digest(weeks_ago: int, state: str = "sendt") -> Paminnelse:
        return Paminnelse.objects.create(
            kind="tiltak_forfalt",
            target=target_of(skole),
            recipient="hms1@example.com",
            generation=weeks_ago,
            due_at=now - timedelta(weeks=weeks_ago),
            state=state,
        )

    old, recent = digest(60), digest(4)
    review = Paminnelse.objects.create(
        kind="risiko_gjennomgang",
        target=target_of(world.own.vurdering),
        recipient="hms1@example.com",
        due_at=now - timedelta(days=400),
        state="sendt",
    )
    running = Paminnelse.objects.create(
        kind="samling_7d",
        target=target_of(world.foreign.seminar),
        recipient="hms2@example.com",
        generation=99,
        due_at=now - timedelta(days=400),
        state="sendt",
    )

    delete_expired_personal_data()

    assert not Paminnelse.objects.filter(pk__in=[old.pk, review.pk]).exists()
    assert Paminnelse.objects.filter(pk=recent.pk).exists()
    # A running programme's reminders are never swept by age.
    assert Paminnelse.objects.filter(pk=running.pk).exists()


@pytest.mark.django_db
def test_the_history_of_a_participant_removed_before_the_end_goes_too(world, settings):
    """DESIGN.md §10: purging personal data purges its history. A participant unregistered
    while the programme ran is gone from the table but not from the history (their create
    and delete entries hold the name and e-mail); the job finds them by their Samling."""
    from veiledning.services import deltaker_add, deltaker_remove

    settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = 12
    old, running = world.own.veiledning, world.foreign.veiledning
    removed = deltaker_add(
        samling=old.samlinger.get(type="seminar"), navn="Kari Fjernet", epost="kari.fjernet@example.com", rolle="annet"
    )
    removed_pk = removed.pk
    deltaker_remove(deltaker=removed, by=world.veileder)
    kept = deltaker_add(
        samling=running.samlinger.get(type="seminar"), navn="Ola Blir", epost="ola.blir@example.com", rolle="annet"
    )
    kept_pk = kept.pk
    deltaker_remove(deltaker=kept, by=world.admin)
    deltaker_history = AuditEntry.objects.filter(content_type__app_label="veiledning", content_type__model="deltaker")
    assert deltaker_history.filter(object_id=str(removed_pk)).count() == 2
    _finish(old, months_ago=13)

    assert delete_expired_personal_data() == 1

    assert not deltaker_history.filter(object_id=str(removed_pk)).exists()
    assert not AuditEntry.objects.filter(changes__icontains="kari.fjernet").exists()
    # Another, running programme's removed participant keeps their history.
    assert deltaker_history.filter(object_id=str(kept_pk)).count() == 2
