"""The admin writes only what has no side effects; sharing is the Kommune's own decision."""

import pytest

from core.audit import history_for
from core.models import AuditEntry
from core.tests.adminform import admin_form_data
from kommuner.models import Kommune, Skole


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def _change_url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def test_sharing_cannot_be_turned_on_in_the_admin(world, admin_client):
    kommune = world.own.kommune
    page = admin_client.get(_change_url(kommune))
    assert page.status_code == 200
    response = admin_client.post(_change_url(kommune), admin_form_data(page, deler_innhold="on", fylke="Vestland"))
    assert response.status_code == 302
    kommune.refresh_from_db()
    assert kommune.fylke == "Vestland" and not kommune.deler_innhold
    assert not history_for(kommune).filter(changes__has_key="deler_innhold", actor=world.admin).exists()


def test_an_admin_edit_of_a_kommune_is_in_the_history(world, admin_client):
    kommune = world.own.kommune
    page = admin_client.get(_change_url(kommune))
    admin_client.post(_change_url(kommune), admin_form_data(page, fylke="Vestland"))
    entry = history_for(kommune).filter(actor=world.admin).get()
    assert entry.changes == {"fylke": ["", "Vestland"]} and entry.source == "admin"


def test_a_school_does_not_move_to_another_kommune_in_the_admin(world, admin_client):
    skole = world.own.skole
    page = admin_client.get(_change_url(skole))
    admin_client.post(_change_url(skole), admin_form_data(page, kommune=world.foreign.kommune.pk))
    skole.refresh_from_db()
    assert skole.kommune == world.own.kommune


@pytest.mark.parametrize("which", ["kommune", "skole"])
def test_a_kommune_or_school_with_data_is_not_deleted_in_the_admin(world, admin_client, which):
    obj = getattr(world.own, which)
    url = f"/admin/kommuner/{which}/{obj.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    bulk = admin_client.post(
        f"/admin/kommuner/{which}/", {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302, 403)
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_an_empty_school_can_still_be_deleted_in_the_admin(world, admin_client):
    from kommuner.services import skole_upsert

    skole, _ = skole_upsert(
        orgnr="999999999", fields={"navn": "Feil", "kommune": world.own.kommune, "skoletype": "annen"}
    )
    response = admin_client.post(f"/admin/kommuner/skole/{skole.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Skole.objects.filter(pk=skole.pk).exists()
    assert history_for(skole).filter(action="delete", actor=world.admin).exists()
    assert Kommune.objects.filter(pk=world.own.kommune.pk).exists()
