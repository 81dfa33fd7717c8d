"""Plans and measures are written on the plan's page; the admin keeps to the same rules."""

import pytest

from core.audit import history_for
from core.tests.adminform import admin_form_data
from handlingsplan.models import Handlingsplan
from kommuner.services import kommune_set_deler_innhold


@pytest.fixture
def admin_client(client, world):
    # An administrator reads a Kommune's content (and so edits it here) only where it
    # shares it, like any veileder (DESIGN.md §9): the own Kommune shares.
    kommune_set_deler_innhold(kommune=world.own.kommune, deler_innhold=True, by=world.own.users["skoleeier"])
    client.force_login(world.admin)
    return client


def _url(obj, what="change") -> str:
    return f"/admin/handlingsplan/{obj._meta.model_name}/{obj.pk}/{what}/"


def _post_change(admin_client, obj, **changes):
    page = admin_client.get(_url(obj))
    assert page.status_code == 200
    return admin_client.post(_url(obj), admin_form_data(page, **changes))


def test_a_plan_stays_with_its_owner_in_the_admin(world, admin_client):
    plan = world.own.plan
    _post_change(admin_client, plan, kommune=world.foreign.kommune.pk, skole=world.foreign.skole.pk)
    plan = Handlingsplan.objects.get(pk=plan.pk)
    assert (plan.kommune, plan.skole) == (world.own.kommune, world.own.skole)
    assert admin_client.get("/admin/handlingsplan/handlingsplan/add/").status_code == 403
    assert admin_client.post(_url(plan, "delete"), {"post": "yes"}).status_code == 403


def test_a_measure_is_not_linked_to_another_schools_risk_in_the_admin(world, admin_client):
    tiltak = world.own.tiltak
    response = _post_change(admin_client, tiltak, risikoforhold=[str(world.foreign.rad.pk)])
    assert response.status_code == 200
    assert list(tiltak.risikoforhold.all()) == [world.own.rad]


def test_unlinking_a_measure_in_the_admin_is_in_the_history(world, admin_client):
    tiltak = world.own.tiltak
    response = _post_change(admin_client, tiltak, risikoforhold=[], beskrivelse="Flere voksne i gangen")
    assert response.status_code == 302
    assert not tiltak.risikoforhold.exists()
    entry = history_for(tiltak).filter(actor=world.admin, changes__has_key="risikoforhold").first()
    assert entry is not None and entry.changes["risikoforhold"] == [[world.own.rad.pk], []]


def test_a_measures_status_is_read_only_in_the_admin(world, admin_client):
    tiltak = world.own.tiltak
    _post_change(admin_client, tiltak, status="gjennomfort", plan=world.foreign.plan.pk)
    tiltak.refresh_from_db()
    assert tiltak.status == "ikke_startet" and tiltak.plan == world.own.plan
