"""Issue 19 in the plan: the areas follow the violence-and-threats chapter without a
paragraph number in their names (the paragraph in force comes from core.regelverk), the
measures help names what the regulation says measures must consider, the suggested
measures cover it, and the "Regelverket" panel stands beside the plan."""

import importlib
import json
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from core import regelverk
from handlingsplan import reports
from handlingsplan.forms import MEASURES_HELP, TiltakForm
from handlingsplan.models import OMRADE_TEMA, Tiltak, Tiltaksforslag, omrade_med_paragraf

KEYS_BEFORE = {"kartlegging", "opplaering", "informasjon", "tiltak", "oppfolging", "avvik"}


def test_areas_carry_no_paragraph_and_keep_their_keys():
    assert KEYS_BEFORE <= set(Tiltak.Omrade.values) and "organisering" in Tiltak.Omrade.values
    for label in Tiltak.Omrade.labels:
        assert "§" not in str(label) and "23A" not in str(label)
    assert set(OMRADE_TEMA.values()) == {"organisering", "risikovurdering", "tiltak", "informasjon", "opplaering",
                                         "oppfolging"}  # fmt: skip


def test_an_area_is_shown_with_the_paragraph_in_force():
    with translation.override("nb"):
        now = omrade_med_paragraf("opplaering", date(2026, 5, 1))
        before = omrade_med_paragraf("opplaering", date(2025, 5, 1))
        avvik = omrade_med_paragraf("avvik", date(2026, 5, 1))
    assert now == f"opplæring og øvelse – {regelverk.paragraf_med_tidligere('opplaering', date(2026, 5, 1))}"
    assert regelverk.gjeldende("opplaering", date(2025, 5, 1)).paragraf in before
    assert "§" not in avvik


def test_the_measures_help_names_what_measures_must_consider(world):
    with translation.override("nb"):
        text = str(MEASURES_HELP)
        form = TiltakForm(plan=world.own.plan, rows=world.own.plan.tiltak.none())
        choices = dict(form.fields["omrade"].choices)
    for words in ("så langt som mulig", "utforming og tilrettelegging av arbeidsplassen", "vedlikehold",
                  "alarm", "tilkalle hjelp", "bemanning", "alenearbeid"):  # fmt: skip
        assert words in text
    assert form.fields["beskrivelse"].help_text.startswith(text)
    assert regelverk.gjeldende("tiltak").paragraf in choices["tiltak"]


@pytest.fixture
def forslag(db):
    """The suggestions as migration 0002 loads them into a new database. A transactional test
    run earlier in the same process (make test runs several) flushes every table, and with it
    what the migrations loaded; loading is a no-op when they are there."""
    importlib.import_module("handlingsplan.migrations.0002_standard_forslag").load(apps, None)


def test_suggested_measures_cover_the_chapter_and_cite_no_number(forslag):
    texts = [f.tekst for f in Tiltaksforslag.objects.all()]
    joined = " ".join(t["nb"] + " " + t["nn"] for t in texts)
    assert "23A" not in joined and "§" not in joined
    assert "vedlikehold" in joined and "Utforming og tilrettelegging av arbeidsplassen" in joined
    assert "skuleplass" not in joined and "skulegard" in joined
    assert {"organisering", "kartlegging", "tiltak", "informasjon", "opplaering", "oppfolging"} <= set(
        Tiltaksforslag.objects.values_list("omrade", flat=True)
    )


def test_the_data_migration_adds_the_new_suggestions_once_and_fixes_nynorsk(forslag):
    migration = importlib.import_module("handlingsplan.migrations.0006_forslag_kapittel_3a")
    file = json.loads((Path(migration.__file__).parent.parent / "forslag.json").read_text(encoding="utf-8"))
    for forslag in Tiltaksforslag.objects.all():
        if forslag.tekst["nb"].startswith(("Systematisk vedlikehold", "Utforming", "Planlegg", "Rutiner for å varsle")):
            forslag.delete()
        elif "skulegard" in forslag.tekst["nn"]:
            forslag.tekst = {**forslag.tekst, "nn": forslag.tekst["nn"].replace("skulegard", "skuleplass")}
            forslag.save()
    migration.forward(apps, None)
    migration.forward(apps, None)
    assert Tiltaksforslag.objects.count() == len(file)
    assert any("skulegard" in f.tekst["nn"] for f in Tiltaksforslag.objects.all())


def test_the_plan_page_has_the_panel_and_the_areas_paragraph(client, world):
    client.force_login(world.own.users["hms"])
    with translation.override("nb"):
        html = client.get(reverse("handlingsplan:detail", args=[world.own.plan.pk])).content.decode()
    today = timezone.localdate()
    assert 'class="ds-details regelverk-panel"' in html
    for tema in ("risikovurdering", "tiltak", "informasjon", "opplaering", "oppfolging"):
        assert regelverk.gjeldende(tema, today).lenke in html.replace("&amp;", "&")
    assert omrade_med_paragraf(world.own.tiltak.omrade, today) in html
    assert "23A-4)" not in html.replace("tidligere § 23A-4)", "")


def test_the_plan_pdf_cites_the_paragraph_of_today(world):
    with translation.override("nb"):
        context = reports.plan_context(world.own.plan, "nb")
        from django.template.loader import render_to_string

        html = render_to_string("handlingsplan/rapport.html", context)
    assert regelverk.gjeldende("tiltak").paragraf in html
    assert regelverk.kapittel_navn() in html
