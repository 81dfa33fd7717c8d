"""A yearly review starts a new version of the risk assessment: its rows are copies that
know their predecessor, and the measures follow them, so the plan does not look empty."""

import re
from importlib import import_module

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from core.models import AuditEntry
from handlingsplan.models import Tiltak
from handlingsplan.selectors import linkable_rows, rows_needing_measures
from risikovurdering import services as risiko
from risikovurdering.models import Risikoforhold

LONG = (
    "Elever som venter i kø ved garderoben etter siste time dytter og slår når det blir trangt, "
    "særlig på fredager når alle skal hjem samtidig"
)


def _rated_and_finished(world):
    """The fixture's row rated high, with its Tiltak, the assessment finished."""
    rad = world.own.rad
    rad = risiko.risikoforhold_save(
        rad=rad, fields={"sannsynlighet": 3, "alvorlighet": 2, "situasjon": LONG}, versjon=rad.versjon, by=None,
        bekreftet={"situasjon"},
    ).rad  # fmt: skip
    risiko.risikovurdering_set_ferdig(vurdering=world.own.vurdering, by=None)
    return rad


def test_new_version_carries_the_measures_to_the_copied_rows(world):
    rad = _rated_and_finished(world)
    tiltak = world.own.tiltak
    hms = world.own.users["hms"]

    copy = risiko.risikovurdering_new_version(vurdering=world.own.vurdering, by=hms)

    kopi = copy.rader.get()
    assert kopi.forrige == rad  # the copied row knows its predecessor
    assert list(Tiltak.objects.get(pk=tiltak.pk).risikoforhold.all()) == [kopi]
    # History kept: the audit log says the link moved from the old row to its copy.
    ct = ContentType.objects.get_for_model(Tiltak)
    moved = AuditEntry.objects.filter(content_type=ct, object_id=str(tiltak.pk), actor=hms).get()
    assert moved.changes["risikoforhold"] == [[rad.pk], [kopi.pk]]

    rows = rows_needing_measures(plan=world.own.plan)
    assert [(r["rad"].pk, r["har_tiltak"]) for r in rows] == [(kopi.pk, True)]
    # The measure form offers the current version's rows only.
    assert list(linkable_rows(plan=world.own.plan)) == [kopi]


def test_plan_page_and_measure_form_after_a_new_version(client, world):
    _rated_and_finished(world)
    copy = risiko.risikovurdering_new_version(vurdering=world.own.vurdering, by=None)
    kopi = copy.rader.get()
    client.force_login(world.own.users["hms"])

    page = client.get(reverse("handlingsplan:detail", args=[world.own.plan.pk])).content.decode()
    assert "har tiltak" in page
    assert "Lag tiltak" not in page

    form = client.get(reverse("handlingsplan:tiltak_edit", args=[world.own.tiltak.pk])).content.decode()
    boxes = re.findall(r'name="risikoforhold" value="(\d+)"', form)
    assert boxes == [str(kopi.pk)]  # each row once, from the current version
    assert re.search(rf'value="{kopi.pk}"[^>]*checked', form)  # the measure stays linked
    assert LONG in form  # labelled whole, not cut mid-word


def test_saving_the_measure_form_keeps_the_link_to_the_copy(client, world):
    _rated_and_finished(world)
    kopi = risiko.risikovurdering_new_version(vurdering=world.own.vurdering, by=None).rader.get()
    client.force_login(world.own.users["hms"])
    data = {
        "beskrivelse": "Voksne i gangen", "type": "redusere", "omrade": "tiltak", "risikoforhold": [kopi.pk],
        "ansvarlig_rolle": "rektor",
    }  # fmt: skip
    response = client.post(reverse("handlingsplan:tiltak_edit", args=[world.own.tiltak.pk]), data)
    assert response.status_code == 302
    assert list(world.own.tiltak.risikoforhold.all()) == [kopi]
    assert Risikoforhold.objects.filter(vurdering=world.own.vurdering).count() == 1  # the old version is kept


def test_the_older_version_does_not_list_its_rows_as_without_measures(client, world):
    _rated_and_finished(world)
    copy = risiko.risikovurdering_new_version(vurdering=world.own.vurdering, by=None)
    client.force_login(world.own.users["hms"])
    old = client.get(reverse("risikovurdering:detail", args=[world.own.vurdering.pk])).content.decode()
    assert 'id="over"' not in old  # its measures moved on with the rows
    new = client.get(reverse("risikovurdering:detail", args=[copy.pk])).content.decode()
    assert "Ingen: alle har tiltak i handlingsplanen." in new


def test_versions_made_before_rows_knew_their_predecessor_get_their_measures_back(world):
    """The migration pairs each copy with its row (made with the version, in order) and
    moves the measure's link, as a review does now."""
    rad = _rated_and_finished(world)
    copy = risiko.risikovurdering_new_version(vurdering=world.own.vurdering, by=None)
    kopi = copy.rader.get()
    migration = import_module("risikovurdering.migrations.0008_link_earlier_versions")
    apps = MigrationLoader(connection).project_state(("risikovurdering", "0008_link_earlier_versions")).apps
    # As such a version was: the copy without its predecessor, the measure on the old row.
    apps.get_model("risikovurdering", "Risikoforhold").objects.filter(pk=kopi.pk).update(forrige=None)
    world.own.tiltak.risikoforhold.set([rad])

    migration.link_earlier_versions(apps, None)

    kopi.refresh_from_db()
    assert kopi.forrige_id == rad.pk
    assert list(world.own.tiltak.risikoforhold.all()) == [kopi]
    assert [r["har_tiltak"] for r in rows_needing_measures(plan=world.own.plan)] == [True]
