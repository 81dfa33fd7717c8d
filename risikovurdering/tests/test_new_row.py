"""Adding a risk row: the row exists once something is saved. Opening the form and leaving
leaves no empty row ("(ikke valgt) – – ikke vurdert") in the list or the PDF."""

import re
from importlib import import_module

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from risikovurdering import services
from risikovurdering.models import Risikoforhold

HTMX = {"HTTP_HX_REQUEST": "true"}


def _new_url(world) -> str:
    return reverse("risikovurdering:rad_new", args=[world.own.vurdering.pk])


def test_opening_the_new_row_form_and_leaving_creates_nothing(client, world):
    client.force_login(world.own.users["hms"])
    before = Risikoforhold.objects.count()
    detail = client.get(reverse("risikovurdering:detail", args=[world.own.vurdering.pk])).content.decode()
    assert f'href="{_new_url(world)}"' in detail  # "Legg til risikoforhold" opens the form
    page = client.get(_new_url(world))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="rad-form"' in body and 'name="situasjon"' in body
    assert Risikoforhold.objects.count() == before
    # Pressing Lagre on the empty form saves no empty row either.
    response = client.post(_new_url(world), {"versjon": 1})
    assert response.status_code == 302
    assert Risikoforhold.objects.count() == before
    detail = client.get(reverse("risikovurdering:detail", args=[world.own.vurdering.pk])).content.decode()
    assert "(ikke valgt)" not in detail


def test_the_first_autosave_creates_the_row_and_later_ones_save_the_same_row(client, world):
    client.force_login(world.own.users["hms"])
    before = Risikoforhold.objects.count()
    first = client.post(_new_url(world), {"versjon": 1, "hvor": "garderobe"}, **HTMX)
    assert first.status_code == 200
    rad = Risikoforhold.objects.latest("pk")
    assert Risikoforhold.objects.count() == before + 1 and rad.hvor == "garderobe"
    # The page learns the new row: the following saves carry it.
    assert re.search(rf'name="rad" value="{rad.pk}"[^>]*hx-swap-oob', first.content.decode())
    second = client.post(
        _new_url(world), {"versjon": rad.versjon, "rad": rad.pk, "hvor": "garderobe", "nar": "friminutt"}, **HTMX
    )
    assert second.status_code == 200 and "Lagret kl." in second.content.decode()
    assert second["X-Saved"] == "1"  # leaving the page now need not warn
    assert Risikoforhold.objects.count() == before + 1
    rad.refresh_from_db()
    assert (rad.hvor, rad.nar) == ("garderobe", "friminutt")


def test_a_text_held_back_for_privacy_creates_no_empty_row(client, world):
    client.force_login(world.own.users["hms"])
    before = Risikoforhold.objects.count()
    response = client.post(_new_url(world), {"versjon": 1, "situasjon": "Ola Nordmann slo en lærer"}, **HTMX)
    assert response.status_code == 200
    assert Risikoforhold.objects.count() == before  # nothing saved: no row
    # Without JavaScript: Lagre saves the row and the page keeps the text held back.
    data = {"versjon": 1, "hvor": "gang", "situasjon": "Ola Nordmann slo en lærer"}
    page = client.post(_new_url(world), data)
    assert page.status_code == 200 and "Ola Nordmann slo en lærer" in page.content.decode()
    rad = Risikoforhold.objects.latest("pk")
    assert Risikoforhold.objects.count() == before + 1 and (rad.hvor, rad.situasjon) == ("gang", "")


def test_a_row_of_another_assessment_is_not_saved_through_this_one(client, world):
    client.force_login(world.own.users["hms"])
    other = world.foreign.rad
    response = client.post(_new_url(world), {"versjon": other.versjon, "rad": other.pk, "hvor": "ute"}, **HTMX)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.hvor == "gang"


def test_deleting_a_row_asks_first(client, world):
    client.force_login(world.own.users["hms"])
    body = client.get(reverse("risikovurdering:rad", args=[world.own.rad.pk])).content.decode()
    dialog = body[body.index('id="slett-rad"') :]
    assert "<dialog" in body and "Slette risikoforholdet?" in dialog


def test_empty_rows_left_by_the_old_button_are_removed_once(world):
    """The migration removes rows made at once and never edited; an edited row, or one a
    measure answers, stays."""
    migration = import_module("risikovurdering.migrations.0007_remove_ghost_rows")
    apps = MigrationLoader(connection).project_state(("risikovurdering", "0007_remove_ghost_rows")).apps
    ghost = services.risikoforhold_create(vurdering=world.own.vurdering, by=None)
    edited = services.risikoforhold_create(vurdering=world.own.vurdering, by=None)
    services.risikoforhold_save(rad=edited, fields={"situasjon": "Noe"}, versjon=1, by=None)
    services.risikoforhold_save(rad=edited, fields={"situasjon": ""}, versjon=2, by=None)  # emptied again
    migration.remove_ghost_rows(apps, None)
    remaining = set(Risikoforhold.objects.values_list("pk", flat=True))
    assert ghost.pk not in remaining
    assert {edited.pk, world.own.rad.pk, world.foreign.rad.pk} <= remaining
