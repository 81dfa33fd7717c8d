"""Issue 19 in the risk tool: the regulation's own words for the factors, the paragraph in
force on the assessment's date (never a hard-coded number), the seed's severity ladder
(blikking, digital threats, "skader, sykdommer"), the individual level as a reference
only, HAMU as a party, and the "Regelverket" panel beside the tool."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core import regelverk
from risikovurdering import reports, services
from risikovurdering.forms import NyVurderingForm, RadForm, faktorer_label, ladder_text
from risikovurdering.models import Risikoforhold, Risikomatrise, Risikovurdering


def test_the_factors_are_the_regulations_words():
    labels = dict(Risikoforhold.Faktor.choices)
    assert str(labels["effekt"]) == "effekten av iverksatte og planlagte forebyggende tiltak"
    assert "23A" not in str(Risikoforhold._meta.get_field("faktorer").verbose_name)


def test_the_factors_label_names_todays_paragraph_with_the_old_number_beside_it():
    with translation.override("nb"):
        label = faktorer_label()
    assert regelverk.paragraf_med_tidligere("risikovurdering") in label
    assert label.startswith("Forhold som risikovurderingen særlig skal ta hensyn til (")
    assert "§ 3A-2 (tidligere § 23A-1)" in label  # the old number only as "tidligere"


def test_the_row_form_and_page_name_no_hard_coded_paragraph(client, world):
    vurdering = world.own.vurdering
    form = RadForm(instance=world.own.rad, matrise=vurdering.matrise, language="nb")
    assert form.fields["faktorer"].label == faktorer_label()
    client.force_login(world.own.users["hms"])
    with translation.override("nb"):
        html = client.get(reverse("risikovurdering:rad", args=[world.own.rad.pk])).content.decode()
    paragraf = regelverk.gjeldende("risikovurdering").paragraf
    assert "etter § 23A-1" not in html and paragraf in html
    core = html.index("hvor, når og i hvilke situasjoner")
    assert core < html.index("Svar i rekkefølge")  # the exercise's own core first
    assert "arbeidsmiljøloven § 3-1 og internkontrollforskriften § 5" in html
    assert "fysiske, verbale eller digitale" in html
    assert 'class="ds-details regelverk-panel"' in html


def test_the_ladder_has_blikking_low_and_digital_threats():
    ladder = Risikoforhold.LADDER
    assert ladder["blikking"] == ladder["spytting"] == 0
    assert ladder["digitalt"] == ladder["trusler"] == 1
    assert set(ladder) == set(Risikoforhold.Hendelse.values) - {"annet"}
    assert "digitale trusler og krenkelser" in [str(label) for label in Risikoforhold.Hendelse.labels]


def test_the_standard_matrix_names_sykdommer_and_blikking_and_the_help_shows_the_ladder(db):
    matrise = services.matrise_standard()
    assert "blikking" in matrise.alvorlighet[0]["beskrivelse"]["nb"]
    assert "Skader, sykdommer" in matrise.alvorlighet[1]["beskrivelse"]["nb"]
    assert "sjukdommar" in matrise.alvorlighet[1]["beskrivelse"]["nn"]
    with translation.override("nb"):
        text = str(ladder_text(matrise, "nb"))
    low, middle, high = text.index("Mindre alvorlig"), text.index("Alvorlig:"), text.index("Svært alvorlig")
    assert low < text.index("blikking") < middle < text.index("også digitale") < high
    assert text.index("skoleskyting") > high
    assert middle < text.index("Skader, sykdommer") < high and text.index("Død") > high  # what they lead to


def test_a_new_matrix_version_keeps_the_old_one_for_its_assessments(world):
    migration = importlib.import_module("risikovurdering.migrations.0010_standard_matrise_v2")
    current = services.matrise_standard()
    old = Risikomatrise.objects.create(
        navn=current.navn, versjon=current.versjon + 1, er_standard=True, sannsynlighet=current.sannsynlighet,
        alvorlighet=[{**a, "beskrivelse": {"nb": "Skader.", "nn": "Skadar."}} for a in current.alvorlighet],
        nivaer=current.nivaer, grid=current.grid,
    )  # fmt: skip
    world.own.vurdering.matrise = old
    world.own.vurdering.save()
    migration.new_version(apps, None)
    old.refresh_from_db()
    new = services.matrise_standard()
    assert new.versjon == old.versjon + 1 and not old.er_standard
    assert (
        "sykdommer" in new.alvorlighet[1]["beskrivelse"]["nb"] and old.alvorlighet[1]["beskrivelse"]["nb"] == "Skader."
    )
    world.own.vurdering.refresh_from_db()
    assert world.own.vurdering.matrise == old  # an assessment keeps its version
    migration.new_version(apps, None)  # again: nothing new
    assert Risikomatrise.objects.filter(navn=current.navn).count() == 3


def test_levels_in_the_seeds_order_with_the_individual_level():
    assert Risikovurdering.Niva.values == ["individ", "trinn", "skole", "sektor"]
    assert str(Risikovurdering.Niva.INDIVID.label) == "ROS-analyse på individnivå"
    assert [c[0] for c in NyVurderingForm().fields["niva"].choices] == ["individ", "trinn", "skole"]


def test_the_individual_level_is_a_reference_without_rows(world):
    skole = world.own.skole
    with pytest.raises(ValidationError):
        services.risikovurdering_create(niva="individ", skole=skole, by=None)  # a reference is needed
    with pytest.raises(ValidationError):
        services.risikovurdering_create(niva="individ", skole=skole, ros_referanse="Ola Nordmann, autisme", by=None)
    with pytest.raises(ValidationError):
        services.risikovurdering_create(niva="individ", skole=skole, ros_referanse="x" * 201, by=None)
    vurdering = services.risikovurdering_create(niva="individ", skole=skole, ros_referanse=" Sak 2026/118 ", by=None)
    assert vurdering.ros_referanse == "Sak 2026/118" and vurdering.er_henvisning
    with pytest.raises(ValidationError, match="henvisning"):
        services.risikoforhold_create(vurdering=vurdering, by=None, fields={"hvor": "gang"})
    assert not vurdering.rader.exists()
    services.risikovurdering_set_ferdig(vurdering=vurdering, by=None)  # finished without rows
    vurdering.refresh_from_db()
    assert vurdering.status == "ferdig"
    skole_vurdering = services.risikovurdering_create(niva="skole", skole=skole, ros_referanse="ignored", by=None)
    assert skole_vurdering.ros_referanse == ""


def test_the_individual_level_pages_and_pdf_show_only_the_reference(client, world):
    hms = world.own.users["hms"]
    client.force_login(hms)
    url = reverse("risikovurdering:skole_list", args=[world.own.skole.pk])
    with translation.override("nb"):
        form_html = client.get(url).content.decode()
        assert "aldri navn, diagnoser eller andre opplysninger om eleven" in form_html
        response = client.post(url, {"niva": "individ", "ros_referanse": "Elevmappen, sak 2026/7"})
        vurdering = Risikovurdering.objects.get(niva="individ")
        assert response.status_code == 302
        detail = client.get(reverse("risikovurdering:detail", args=[vurdering.pk])).content.decode()
        assert "Legg til risikoforhold" not in detail and "ingen risikoforhold" in detail
        assert client.get(reverse("risikovurdering:rad_new", args=[vurdering.pk])).status_code == 302
        listing = client.get(url).content.decode()
        assert "Elevmappen, sak 2026/7" in listing
        context = reports.vurdering_context(vurdering, "nb")
        from django.template.loader import render_to_string

        pdf_html = render_to_string("risikovurdering/rapport.html", {**context, "faktorer_label": "x"})
    assert "Elevmappen, sak 2026/7" in pdf_html and "Risikokart" not in pdf_html


def test_hamu_is_a_party():
    assert str(dict(Risikovurdering.Deltaker.choices)["hamu"]) == "HAMU (hovedarbeidsmiljøutvalget)"


def test_the_assessment_page_has_the_regelverk_panel_for_its_date(client, world):
    client.force_login(world.own.users["hms"])
    vurdering = world.own.vurdering
    with translation.override("nb"):
        html = client.get(reverse("risikovurdering:detail", args=[vurdering.pk])).content.decode()
    for tema in ("risikovurdering", "tiltak", "informasjon", "opplaering", "oppfolging"):
        ref = regelverk.gjeldende(tema)
        assert ref.lenke in html.replace("&amp;", "&")
    assert regelverk.kapittel_navn()[1:] in html


def test_the_pdf_of_an_assessment_dated_2025_cites_todays_paragraph_with_the_old_one_beside_it(world):
    vurdering = world.own.vurdering
    vurdering.dato = date(2025, 11, 1)
    vurdering.save()
    captured = {}

    def fake_render(template, context, language):
        captured.update(context)
        return b""

    import risikovurdering.reports as module

    original = module.render_pdf
    module.render_pdf = fake_render
    try:
        reports.vurdering_pdf(vurdering.pk, "nb")
    finally:
        module.render_pdf = original
    assert "§ 3A-2 (tidligere § 23A-1)" in captured["faktorer_label"]


def test_a_reference_never_hides_the_schools_assessment_in_the_kommunes_overview(world):
    from risikovurdering import selectors

    hms = world.own.users["hms"]
    services.risikoforhold_save(rad=world.own.rad, fields={"sannsynlighet": 1, "alvorlighet": 1}, versjon=1, by=hms)
    services.risikovurdering_update(vurdering=world.own.vurdering, fields={"dato": date(2026, 2, 1)}, by=hms)
    services.risikovurdering_set_ferdig(vurdering=world.own.vurdering, by=hms)
    henvisning = services.risikovurdering_create(
        niva="individ", skole=world.own.skole, ros_referanse="Sak 7", dato=date(2026, 3, 1), by=None
    )  # newer than the school's assessment
    services.risikovurdering_set_ferdig(vurdering=henvisning, by=hms)
    latest = selectors.latest_finished_per_school(kommune=world.own.kommune)
    assert latest[world.own.skole.pk] == world.own.vurdering.pk
    assert len(selectors.oversikt(kommune=world.own.kommune)["rader"]) == 1


def test_the_admin_shows_a_reference_read_only(world):
    from django.contrib.admin.sites import site

    model_admin = site._registry[Risikovurdering]
    assert "ros_referanse" in model_admin.readonly_fields  # changed on the page, through its checks
