"""The admin is a second way in: its saves must do what the pages' services do
(reminders, the follow-up, step checks, history), or leave the field alone."""

from datetime import timedelta

import pytest
from django.forms import DateInput, TimeInput
from django.utils import timezone

from core.audit import history_for
from core.models import Paminnelse
from core.reminders import target_of
from core.tests.adminform import admin_form_data
from kommuner.services import kommune_set_deler_innhold
from veiledning import skoleferie
from veiledning.models import Deltaker, Egenvurdering, Samling, StegEndring, Veiledning


@pytest.fixture
def admin_client(client, world):
    # An administrator reads a Kommune's content (and so edits it here) only where it
    # shares it, like any veileder (DESIGN.md §9): the own Kommune shares.
    kommune_set_deler_innhold(kommune=world.own.kommune, deler_innhold=True, by=world.own.users["skoleeier"])
    client.force_login(world.admin)
    return client


def _split(name: str, when) -> dict:
    local = timezone.localtime(when)
    return {f"{name}_0": DateInput().format_value(local.date()), f"{name}_1": TimeInput().format_value(local.time())}


def _change(admin_client, obj, **changes):
    url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    return admin_client.post(url, admin_form_data(page, **changes))


def _planned(samling, kind):
    return Paminnelse.objects.filter(target=target_of(samling), kind=kind, state=Paminnelse.State.PLANLAGT)


def test_moving_a_seminar_in_the_admin_moves_its_reminders_and_the_oppfolging(world, admin_client):
    seminar = world.own.seminar
    oppfolging = world.own.veiledning.samlinger.get(type=Samling.Type.OPPFOLGING)
    week = timedelta(days=7)
    new_start, new_slutt = seminar.start + week, seminar.slutt + week
    assert _planned(seminar, "samling_7d").exists()

    response = _change(admin_client, seminar, **_split("start", new_start), **_split("slutt", new_slutt))

    assert response.status_code == 302, response.content.decode()[:2000]
    seminar.refresh_from_db()
    assert seminar.start == new_start
    due = set(_planned(seminar, "samling_7d").values_list("due_at", flat=True))
    assert due == {new_start - week}
    assert set(_planned(seminar, "forberedelse").values_list("due_at", flat=True)) == {new_start - timedelta(days=14)}
    moved = Samling.objects.get(pk=oppfolging.pk)
    assert moved.start == skoleferie.on_skoledag(oppfolging.start + week)  # a week on, off any holiday
    assert {r.due_at for r in _planned(moved, "oppfolging_7d")} == {moved.start - week}
    entry = history_for(seminar).filter(actor=world.admin).first()
    assert entry is not None and "start" in entry.changes


def test_cancelling_a_seminar_in_the_admin_cancels_its_reminders(world, admin_client):
    seminar = world.own.seminar
    response = _change(admin_client, seminar, avlyst="on")
    assert response.status_code == 302
    seminar.refresh_from_db()
    assert seminar.avlyst
    assert not _planned(seminar, "samling_7d").exists() and not _planned(seminar, "forberedelse").exists()


def test_a_seminar_ending_before_it_starts_is_refused_in_the_admin(world, admin_client):
    seminar = world.own.seminar
    response = _change(admin_client, seminar, **_split("slutt", seminar.start - timedelta(hours=1)))
    assert response.status_code == 200 and "Slutt må være etter start" in response.content.decode()
    stored = Samling.objects.get(pk=seminar.pk)
    assert stored.slutt == seminar.slutt


def test_the_step_cannot_be_changed_in_the_admin(world, admin_client):
    veiledning = world.own.veiledning
    response = _change(admin_client, veiledning, steg=Veiledning.Steg.AVSLUTTET)
    assert response.status_code == 302
    veiledning.refresh_from_db()
    assert veiledning.steg == Veiledning.Steg.PLANLAGT and not StegEndring.objects.exists()


def test_changing_the_veiledere_in_the_admin_is_in_the_history(world, admin_client):
    veiledning = world.own.veiledning
    other = world.foreign.veiledning.veiledere.get()
    response = _change(admin_client, veiledning, veiledere=[str(world.veileder.pk), str(other.pk)])
    assert response.status_code == 302
    assert set(veiledning.veiledere.all()) == {world.veileder, other}
    entry = history_for(veiledning).filter(actor=world.admin).first()
    assert entry is not None and "veiledere" in entry.changes


def test_a_school_of_another_kommune_cannot_be_added_in_the_admin(world, admin_client):
    veiledning = world.own.veiledning
    response = _change(admin_client, veiledning, skoler=[str(world.own.skole.pk), str(world.foreign.skole.pk)])
    assert response.status_code == 200
    assert list(veiledning.skoler.all()) == [world.own.skole]


def test_veiledninger_and_samlinger_are_not_deleted_or_added_in_the_admin(world, admin_client):
    for obj in (world.own.veiledning, world.own.seminar):
        url = f"/admin/veiledning/{obj._meta.model_name}/{obj.pk}/delete/"
        assert admin_client.get(url).status_code == 403
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()
    assert admin_client.get("/admin/veiledning/veiledning/add/").status_code == 403


def test_a_participant_added_in_the_admin_gets_the_meeting_reminders(world, admin_client):
    seminar = world.own.seminar
    page = admin_client.get("/admin/veiledning/deltaker/add/")
    assert page.status_code == 200
    data = admin_form_data(
        page, samling=str(seminar.pk), navn="Nina Ny", epost="nina@example.com", rolle="verneombud", skole=""
    )
    response = admin_client.post("/admin/veiledning/deltaker/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _planned(seminar, "samling_7d").filter(recipient="nina@example.com").exists()


def test_removing_a_participant_in_the_admin_cancels_their_reminders(world, admin_client):
    deltaker = world.own.seminar.deltakere.first()
    response = admin_client.post(f"/admin/veiledning/deltaker/{deltaker.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Deltaker.objects.filter(pk=deltaker.pk).exists()
    assert not _planned(world.own.seminar, "samling_7d").filter(recipient=deltaker.epost).exists()


def test_a_participants_address_is_read_only_in_the_admin(world, admin_client):
    deltaker = world.own.seminar.deltakere.first()
    old = deltaker.epost
    response = _change(admin_client, deltaker, epost="annen@example.com")
    assert response.status_code == 302
    deltaker.refresh_from_db()
    assert deltaker.epost == old


def test_a_self_assessment_is_not_marked_ferdig_in_the_admin(world, admin_client):
    vurdering = Egenvurdering.objects.create(
        veiledning=world.own.veiledning, skole=world.own.skole, fase="baseline", svar={"a": {"svar": "nei"}}
    )
    url = f"/admin/veiledning/egenvurdering/{vurdering.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    admin_client.post(url, admin_form_data(page, ferdig="on"))
    vurdering.refresh_from_db()
    assert not vurdering.ferdig
