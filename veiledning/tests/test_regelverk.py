"""The programme cites the rules in force: chapter 3A from 1 January 2026, with the old
§ 23A numbers only as "tidligere"; references are data with periods; the seminar shows the
rules and the main messages; the material the deck names is a link (issue 19)."""

import importlib
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from conftest import make_tenant
from core import regelverk
from demo.vestland import demo_orgnr
from kommuner.models import Kommune
from kommuner.services import kommune_upsert
from veiledning.models import Programmal
from veiledning.programmal import STANDARD_PATH, VIDEREGAENDE_PATH
from veiledning.reports import letter_context
from veiledning.services import programmal_active, veiledning_create

TEMPLATES = (STANDARD_PATH, VIDEREGAENDE_PATH)
MIGRATION = "0007_regelverk_og_videregaende"
# "§ 23A-1" anywhere but after "tidligere " (the old number shown beside the new one).
OLD_AS_IN_FORCE = re.compile(r"(?<!tidligere )(?<!tidlegare )§\s*23\s*A", re.IGNORECASE)


def test_the_paragraph_in_force_depends_on_the_date():
    assert regelverk.gjeldende("risikovurdering", date(2025, 12, 31)).paragraf == "§ 23A-1"
    assert regelverk.gjeldende("risikovurdering", date(2026, 1, 1)).paragraf == "§ 3A-2"
    assert regelverk.gjeldende("opplaering", date(2026, 11, 30)).paragraf == "§ 3A-5"
    assert regelverk.tidligere("opplaering", date(2026, 11, 30)).paragraf == "§ 23A-2"
    assert regelverk.paragraf_med_tidligere("tiltak", date(2026, 3, 1)) == "§ 3A-3 (tidligere § 23A-4)"
    assert [r.paragraf for r in regelverk.kapittel(date(2026, 1, 1))] == [f"§ 3A-{n}" for n in range(1, 7)]
    assert "psykososialt arbeidsmiljø" in regelverk.kapittel_navn(date(2026, 1, 1), "nb")
    assert regelverk.kapittel_navn(date(2026, 1, 1), "nb").endswith("kapittel 3A")
    assert regelverk.kapittel_navn(date(2025, 6, 1), "nb").endswith("kapittel 23A")


def test_every_reference_has_a_lovdata_link_and_one_paragraph_per_topic_at_a_time():
    for ref in regelverk.alle():
        assert ref.lenke.startswith("https://lovdata.no/"), ref.key
        assert ref.tittel.get("nb") and ref.tittel.get("nn"), ref.key
    for day in (date(2017, 1, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 11, 30)):
        topics = [r.tema for r in regelverk.alle() if r.i_kraft(day)]
        assert len(topics) == len(set(topics)), day


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_template_text_names_a_paragraph_number_of_the_chapter(path):
    """Template texts name a rule by its topic ("regel"); the number comes from the data."""
    innhold = json.loads(Path(path).read_text(encoding="utf-8"))
    texts = json.dumps({key: value for key, value in innhold.items() if key != "regelverk"}, ensure_ascii=False)
    assert "23A" not in texts and "3A-" not in texts
    assert all(key in {r.key for r in regelverk.alle()} for key in innhold["regelverk"])
    for oppgave in innhold["oppgaver"]:
        assert oppgave.get("regel") is None or regelverk.gjeldende(oppgave["regel"]) is not None


def test_the_seminar_shows_the_rules_in_force_the_main_messages_and_the_material(client, world):
    client.force_login(world.veileder)
    page = client.get(reverse("veiledning:seminar", args=[world.own.veiledning.pk])).content.decode()
    assert 'id="del-regelverk"' in page
    assert "§ 3A-2 Kartlegging og risikovurdering" in page and "(tidligere § 23A-1)" in page
    assert "https://lovdata.no/forskrift/2011-12-06-1357/%C2%A73a-2" in page
    assert "Skoleansatte skal ikke stå alene med belastningene" in page  # hovedbudskap 1
    assert "Ansatte har krav på et trygt og godt arbeidsmiljø" in page  # hovedbudskap 2
    assert "risikovurderingsverktoy-vold-trusler.pdf" in page  # on group task 2
    assert "https://www.arbeidsmiljohjelpen.no/" in page and "https://www.arbeidsmiljoportalen.no/" in page
    assert "digitale" in page  # the definitions: physical, verbal or digital
    assert "arbeidsmiljøloven § 5-2" in page and "nærmeste politimyndighet" in page
    assert not OLD_AS_IN_FORCE.search(page)


def test_the_hms_groups_tasks_name_the_rule_and_link_the_tool(client, world):
    client.force_login(world.own.users["hms"])
    url = reverse("veiledning:oppgaver", args=[world.own.veiledning.pk, world.own.skole.pk])
    page = client.get(url).content.decode()
    assert "Regelverket: § 3A-4 (tidligere § 23A-3)" in page  # oppgave 3a, informasjon
    assert "risikovurderingsverktoy-vold-trusler.pdf" in page
    assert not OLD_AS_IN_FORCE.search(page)


@pytest.mark.parametrize("malform", [Kommune.Malform.BOKMAL, Kommune.Malform.NYNORSK])
def test_the_letter_names_the_regulation_of_its_date_and_says_taking_part_is_voluntary(world, malform):
    tenant = make_tenant(7, veileder=world.veileder, malform=malform)
    with translation.override("nb"):
        context = letter_context(tenant.veiledning)
    text = " ".join(context["avsnitt"])
    assert "psykososialt arbeidsmiljø, bruk av arbeidsutstyr og tilhørende tekniske krav kapittel 3A" in text
    assert "23A" not in text
    assert "Testkommune 7 kommune" in text
    if malform == Kommune.Malform.NYNORSK:
        assert "frivillig" in text and "endrar ikkje tilsyna" in text and "kommunalsjefen for oppvekst" in text
    else:
        assert "frivillig" in text and "endrer ikke Arbeidstilsynets tilsyn" in text
        assert "skoleeiers og skolenes arbeid" in text and "kommunalsjefen for oppvekst" in text
    assert context["avsender"]["sentralbord"]


def test_the_letter_page_has_a_contact_block(client, world):
    client.force_login(world.veileder)
    page = client.get(reverse("veiledning:brev", args=[world.own.veiledning.pk])).content.decode()
    assert "Kontakt" in page and "73 19 97 00" in page and world.veileder.email in page


def test_a_fylkeskommune_gets_the_videregaende_template(world):
    fylke, _ = kommune_upsert(
        orgnr=demo_orgnr(9_100_046),
        fields={"nummer": "46", "navn": "Vestland fylkeskommune", "type": "fylkeskommune", "malform": "nynorsk"},
    )
    assert programmal_active(fylke).innhold["eier"] == "fylkeskommune"
    assert programmal_active(world.own.kommune).innhold["eier"] == "kommune"
    veiledning = veiledning_create(kommune=fylke, veiledere=[world.veileder], skoler=[])
    agenda = [item["tittel"]["nb"] for item in veiledning.programmal.innhold["agenda"]]
    assert any("fylkesdirektør" in t for t in agenda) and not any("Kommunalsjef" in t for t in agenda)
    with translation.override("nn"):
        text = " ".join(letter_context(veiledning)["avsnitt"])
    assert "Vestland fylkeskommune" in text and "vidaregåande" in text


def test_the_migration_moves_running_programmes_off_a_template_citing_23A(world):
    old_innhold = {**json.loads(STANDARD_PATH.read_text(encoding="utf-8")), "navn": {"nb": "Gammel mal", "nn": ""}}
    del old_innhold["regelverk"]
    old = Programmal.objects.create(navn="Gammel mal", innhold=old_innhold, er_aktiv=True)
    running = world.own.veiledning
    state_apps = MigrationExecutor(connection).loader.project_state(("veiledning", MIGRATION)).apps
    state_apps.get_model("veiledning", "Veiledning").objects.filter(pk=running.pk).update(programmal_id=old.pk)
    migration = importlib.import_module(f"veiledning.migrations.{MIGRATION}")
    original = migration._load

    def load(name):  # the file as if the old template had been the seed's
        data = original(name)
        return {**data, "navn": {"nb": "Gammel mal", "nn": ""}} if name == "standard.json" else data

    migration._load = load
    try:
        migration.forward(state_apps, None)
    finally:
        migration._load = original
    running.refresh_from_db()
    assert running.programmal != old and "regelverk" in running.programmal.innhold
    assert running.programmal.versjon == old.versjon + 1
    old.refresh_from_db()
    assert not old.er_aktiv


def test_the_panel_beside_the_risk_tool_and_the_plan_carries_the_main_messages(client, world):
    client.force_login(world.own.users["hms"])
    for url in (
        reverse("risikovurdering:detail", args=[world.own.vurdering.pk]),
        reverse("handlingsplan:detail", args=[world.own.plan.pk]),
    ):
        page = client.get(url).content.decode()
        assert "regelverk-panel" in page and "Skoleansatte skal ikke stå alene med belastningene" in page, url
        assert "§ 3A-3" in page and "(tidligere § 23A-4)" in page, url


def test_a_programme_on_a_template_written_under_chapter_23A_cites_no_repealed_rule(client, world):
    """A finished programme keeps its template version, whose texts named § 23A: shown
    today, the numbers go and the letter names the regulation of its own date."""
    old = json.loads(STANDARD_PATH.read_text(encoding="utf-8"))
    del old["regelverk"]
    for oppgave in old["oppgaver"]:
        oppgave.pop("regel", None)
        oppgave["ingress"] = {lang: f"{text} (§ 23A-3)" for lang, text in oppgave["ingress"].items()}
    old["brev"]["avsnitt"][0] = {
        "nb": "Slik arbeidsmiljøloven og forskrift om utførelse av arbeid kapittel 23A krever.",
        "nn": "Slik arbeidsmiljølova og forskrift om utførelse av arbeid kapittel 23A krev.",
    }
    mal = Programmal.objects.create(navn="Mal fra 2024", innhold=old, er_aktiv=False)
    veiledning = world.own.veiledning
    state_apps = MigrationExecutor(connection).loader.project_state(("veiledning", MIGRATION)).apps
    state_apps.get_model("veiledning", "Veiledning").objects.filter(pk=veiledning.pk).update(programmal_id=mal.pk)
    client.force_login(world.veileder)
    pages = [
        reverse("veiledning:seminar", args=[veiledning.pk]),
        reverse("veiledning:brev", args=[veiledning.pk]),
        reverse("veiledning:oppgaver", args=[veiledning.pk, world.own.skole.pk]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "(§ 23A-3)" not in page and not OLD_AS_IN_FORCE.search(page), url
    assert "psykososialt arbeidsmiljø" in client.get(pages[1]).content.decode()


def test_an_assessment_dated_2025_reads_against_todays_rules(client, world):
    vurdering = world.own.vurdering
    vurdering.dato = date(2025, 11, 1)
    vurdering.save()
    client.force_login(world.own.users["hms"])
    for url in (
        reverse("risikovurdering:detail", args=[vurdering.pk]),
        reverse("risikovurdering:rad", args=[world.own.rad.pk]),
    ):
        page = client.get(url).content.decode()
        assert "§ 3A-2" in page and not OLD_AS_IN_FORCE.search(page), url
