"""Assessments are written on the school's pages, with their checks; the admin does not
mark them ferdig, move their review date past the reminders, or delete them."""

from datetime import timedelta

import pytest

from core.audit import history_for
from core.models import Paminnelse
from core.reminders import target_of
from core.tests.adminform import admin_form_data
from kommuner.services import kommune_set_deler_innhold
from risikovurdering.models import Risikoforhold, Risikovurdering
from risikovurdering.services import risikoforhold_save, risikovurdering_set_ferdig


@pytest.fixture
def admin_client(client, world):
    # An administrator reads a Kommune's content (and so edits it here) only where it
    # shares it, like any veileder (DESIGN.md §9): the own Kommune shares.
    kommune_set_deler_innhold(kommune=world.own.kommune, deler_innhold=True, by=world.own.users["skoleeier"])
    client.force_login(world.admin)
    return client


def _url(obj, what="change") -> str:
    return f"/admin/risikovurdering/{obj._meta.model_name}/{obj.pk}/{what}/"


def _post_change(admin_client, obj, **changes):
    page = admin_client.get(_url(obj))
    assert page.status_code == 200
    return admin_client.post(_url(obj), admin_form_data(page, **changes))


def test_status_is_not_set_to_ferdig_in_the_admin(world, admin_client):
    vurdering = world.own.vurdering
    response = _post_change(admin_client, vurdering, status="ferdig", neste_gjennomgang="2030-01-01")
    assert response.status_code in (302, 403)
    vurdering.refresh_from_db()
    assert vurdering.status == "utkast" and vurdering.ferdig_at is None and vurdering.neste_gjennomgang is None


def test_the_review_date_of_a_finished_assessment_stays_with_its_reminders(world, admin_client):
    vurdering, hms = world.own.vurdering, world.own.users["hms"]
    risikoforhold_save(rad=world.own.rad, fields={"sannsynlighet": 1, "alvorlighet": 1}, versjon=1, by=hms)
    vurdering = risikovurdering_set_ferdig(vurdering=vurdering, by=hms)
    due = set(Paminnelse.objects.filter(target=target_of(vurdering)).values_list("due_at", flat=True))
    later = (vurdering.neste_gjennomgang + timedelta(days=200)).isoformat()
    _post_change(admin_client, vurdering, neste_gjennomgang=later, status="utkast")
    stored = Risikovurdering.objects.get(pk=vurdering.pk)
    assert stored.neste_gjennomgang == vurdering.neste_gjennomgang and stored.status == "ferdig"
    assert set(Paminnelse.objects.filter(target=target_of(vurdering)).values_list("due_at", flat=True)) == due


def test_a_draft_header_edited_in_the_admin_is_in_the_history(world, admin_client):
    vurdering = world.own.vurdering
    response = _post_change(admin_client, vurdering, dato="2026-02-03")
    assert response.status_code == 302
    vurdering.refresh_from_db()
    assert vurdering.dato.isoformat() == "2026-02-03"
    assert history_for(vurdering).filter(actor=world.admin, changes__has_key="dato").exists()


def test_assessments_and_rows_are_not_added_or_deleted_in_the_admin(world, admin_client):
    assert admin_client.get("/admin/risikovurdering/risikovurdering/add/").status_code == 403
    assert admin_client.get("/admin/risikovurdering/risikoforhold/add/").status_code == 403
    for obj in (world.own.vurdering, world.own.rad):
        assert admin_client.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_row_is_not_edited_past_its_privacy_check_and_version_in_the_admin(world, admin_client):
    rad = world.own.rad
    _post_change(admin_client, rad, situasjon="Ola Nordmann slår", versjon="1")
    stored = Risikoforhold.objects.get(pk=rad.pk)
    assert stored.situasjon == "Trengsel" and stored.versjon == 1
