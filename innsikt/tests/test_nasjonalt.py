"""The national picture (issue 21): figures from the summary tables, suppressed below five
schools or answers, for veiledere and admins only."""

import io
import zipfile

import pyarrow.parquet as pq
import pytest
from django.urls import reverse

from core.models import AuditEntry
from innsikt import selectors
from innsikt.eksport import pseudonym, zip_bytes
from innsikt.models import Forskningsuttrekk, Skolegrunnlag
from innsikt.selectors import Utvalg
from innsikt.services import grunnlag_refresh
from innsikt.tests.nation import SECRET_TEXT

URL = reverse("innsikt:nasjonalt")


def _page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_summary_counts_each_school_in_its_programme(nation):
    assert Skolegrunnlag.objects.count() == 10
    row = Skolegrunnlag.objects.get(skole=nation.skoler_a[0])
    assert row.fulgt_opp and row.fylke == "Vestland"
    assert (row.vurdering_for, row.vurdering_etter) == (False, True)
    assert (row.plan_for, row.plan_etter) == (False, True)
    assert row.poeng_for == 0 and row.poeng_etter == row.poeng_maks - 2  # the levels question is unanswered


def test_a_group_of_four_never_appears_on_the_page(nation, client):
    everything = _page(client, nation.veileder)
    assert "Gang" in everything  # six schools
    assert "Garderobe" not in everything and "Angrep med kniv" not in everything  # four schools
    rogaland = _page(client, nation.veileder, fylke="Rogaland")
    assert "Garderobe" not in rogaland
    assert "For få skoler til å vise noe." in rogaland
    assert SECRET_TEXT not in everything and "Hemmelig" not in everything


def test_effect_per_kommune_and_nationally(nation, client):
    effekt = selectors.effekt(Utvalg())
    national = effekt["national"]
    assert national["schools"] == 10 and national["score"].n == 10
    assert national["score"].endring > 0 and national["score"].sikker
    assert [k["navn"] for k in effekt["kommuner"]] == ["Nasjonkommune 1"]  # B has four schools
    assert national["assessment_before"] == 0 and national["assessment_after"] == 1
    page = _page(client, nation.veileder)
    assert "poeng mer (av" in page and "Med 95 % sikkerhet ligger den virkelige endringen mellom" in page


def test_egenvurdering_and_steps_hide_small_groups(nation):
    rogaland = Utvalg(fylke="Rogaland")
    assert all(r["for"]["hidden"] and r["for"]["mean"] is None for r in selectors.egenvurdering(rogaland))
    everywhere = selectors.egenvurdering(Utvalg())
    assert everywhere and not everywhere[0]["for"]["hidden"]
    from django.utils import timezone

    steps = selectors.steg_over_tid(rogaland, timezone.localdate())
    cells = [c for r in steps["rows"] for c in r["cells"]]
    assert all(c["value"] == 0 or (c["hidden"] and c["value"] is None) for c in cells)
    assert any(c["hidden"] for c in cells)  # B's programme, four schools, at its follow-up


def test_filters_are_parsed_and_refused_with_a_message(nation, client):
    client.force_login(nation.veileder)
    response = client.get(URL, {"fra": "2026-13", "til": "abc", "fylke": "Atlantis", "skoletype": "x" * 500})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skriv måneden som ÅÅÅÅ-MM" in page
    assert 'value="2026-13"' in page  # what was typed stays
    assert "Rett filteret over" in page
    response = client.get(URL, {"fra": "2026-05", "til": "2026-01"})
    assert "Til-måneden kan ikke være før fra-måneden." in response.content.decode()


@pytest.mark.parametrize("persona", ["hms", "skoleeier"])
def test_only_veiledere_and_admins(world, client, persona):
    client.force_login(world.user(persona))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("innsikt:eksport")).status_code == 403
    client.force_login(world.admin)
    assert client.get(URL).status_code == 200


def test_export_reads_back_with_stable_pseudonyms_and_no_free_text(nation):
    data, rows, _name = zip_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = {n.rsplit("/", 1)[1] for n in archive.namelist()}
    assert names == {"data.csv", "data.parquet", "ordbok.csv", "LESMEG.txt"}
    parquet_name = next(n for n in archive.namelist() if n.endswith("data.parquet"))
    table = pq.read_table(io.BytesIO(archive.read(parquet_name)))
    assert table.num_rows == rows == 6  # Kommune B's four schools are a group too small to keep
    records = table.to_pylist()
    assert {r["kommune"] for r in records} == {pseudonym("kommune", nation.a.orgnr)}
    assert pseudonym("kommune", nation.b.orgnr) not in data.decode("latin-1")
    assert {r["skole"] for r in records} == {pseudonym("skole", s.orgnr) for s in nation.skoler_a}
    assert all(r["startmaned"].count("-") == 1 and len(r["startmaned"]) == 7 for r in records)
    assert table.schema.field("kommune").metadata[b"beskrivelse"]
    for member in archive.namelist():
        text = archive.read(member)
        for secret in (SECRET_TEXT, "Hemmelig", "Nasjonskole", "Nasjonkommune", nation.a.orgnr):
            assert secret.encode() not in text, (member, secret)
    grunnlag_refresh()
    again = pq.read_table(io.BytesIO(zipfile.ZipFile(io.BytesIO(zip_bytes()[0])).read(parquet_name)))
    assert sorted(r["skole"] for r in again.to_pylist()) == sorted(r["skole"] for r in records)


def test_a_group_of_four_is_generalised_not_shown(nation):
    """B's four schools are dropped while Rogaland has no fifth; with a fifth school in another
    Rogaland kommune, the five show with their fylke and without their Kommune."""
    from innsikt.eksport import dataset
    from innsikt.tests.nation import _kommune, _programme, _school

    assert all(r["fylke"] != "Rogaland" for r in dataset()[1])
    sola = _kommune(4, "Rogaland")
    _programme(sola, [_school(sola, 4, 0, hvor="ute", hendelse="slag", egen=("nei", "ja"))], nation.veileder,
               ("nei", "ja"))  # fmt: skip
    grunnlag_refresh()
    rogaland = [r for r in dataset()[1] if r["fylke"] == "Rogaland"]
    assert len(rogaland) == 5 and {r["kommune"] for r in rogaland} == {""}


def test_export_asks_why_and_records_who(nation, client):
    client.force_login(nation.veileder)
    url = reverse("innsikt:eksport")
    refused = client.post(url, {"formal": ""})
    assert refused.status_code == 400 and "Skriv hva dataene skal brukes til." in refused.content.decode()
    response = client.post(url, {"formal": "Erfaringssamling med partene og STAMI"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    uttrekk = Forskningsuttrekk.objects.get()
    assert uttrekk.av == nation.veileder and uttrekk.rader == 6
    entry = AuditEntry.objects.get(object_id=str(uttrekk.pk), content_type__model="forskningsuttrekk")
    assert entry.actor == nation.veileder and "Erfaringssamling" in str(entry.changes)
    assert "Erfaringssamling med partene" in client.get(url).content.decode()


def test_queries_do_not_grow_with_the_nation(nation, client):
    """The page reads the summary tables in a fixed number of queries, however many schools."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import versions
    from innsikt.services import SCOPE
    from innsikt.tests.nation import _kommune, _programme, _school

    def count() -> int:
        versions.bump(SCOPE)  # not the kept body: the figures computed anew
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    client.force_login(nation.veileder)
    count()
    before = count()
    agder = _kommune(3, "Agder")
    more = [_school(agder, 3, i, hvor="ute", hendelse="trusler", egen=("nei", "ja")) for i in range(12)]
    _programme(agder, more, nation.veileder, ("delvis", "ja"))
    assert grunnlag_refresh().skoler == 22
    assert count() == before


def test_the_picture_shows_who_ran_each_programme(nation, client):
    from accounts.services import user_set_fasilitator
    from conftest import make_user
    from veiledning.models import Veiledning
    from veiledning.services import veiledning_set_veiledere

    fasilitator = make_user("fasilitator.a@example.com", is_veileder=True)
    user_set_fasilitator(user=fasilitator, kommune=nation.a, by=None)
    veiledning = Veiledning.objects.get(kommune=nation.a)
    veiledning_set_veiledere(veiledning=veiledning, veiledere=[fasilitator, nation.veileder], by=None)
    grunnlag_refresh()
    runners = {r["name"]: r for r in selectors.kjort_av(Utvalg())}
    assert runners["Nasjonkommune 1"]["facilitator"] and runners["Nasjonkommune 1"]["schools"] == 6
    assert runners["Arbeidstilsynet"]["hidden"]  # B's programme alone: four schools
    page = _page(client, nation.veileder)
    assert "Fasilitator i Nasjonkommune 1" in page
    client.force_login(fasilitator)
    assert client.get(URL).status_code == 403  # one Kommune's facilitator, not the nation's


def test_the_beat_rebuilds_the_tables_every_quarter_hour(nation, settings):
    from innsikt.models import Oppfrisking
    from innsikt.tasks import refresh

    entry = settings.CELERY_BEAT_SCHEDULE["innsikt"]
    assert entry["task"] == "innsikt.tasks.refresh" and entry["schedule"] == 15 * 60
    assert refresh.delay().get() == 10
    assert Oppfrisking.objects.count() == 1


def test_a_kommunes_page_shows_its_own_effect(nation, client):
    """A's veileder reads A's effect on A's page; B's four schools show none, and a veileder
    outside B's programme would see none of B's anyway."""
    client.force_login(nation.veileder)
    own = client.get(reverse("pages:kommune", args=[nation.a.orgnr])).content.decode()
    assert "Programmets effekt ved kommunens skoler" in own and "poeng mer (av" in own
    small = client.get(reverse("pages:kommune", args=[nation.b.orgnr])).content.decode()
    assert "Programmets effekt" not in small
    b_veileder = nation.b_veileder
    assert selectors.effekt_for_kommune(user=b_veileder, kommune=nation.a) is None  # not A's veileder
