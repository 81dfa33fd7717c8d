"""The risk assessment's PDF has what an inspector asks for (who is exposed, the regulation's
factors, who took part, what it builds on, the place the school typed) and stays inside
the page: long text wrapped within the margin, no row split across pages, the table's
header on every page. Rendered by WeasyPrint for real; text read back with pypdf."""

import io

import pypdf
from django.utils import translation

from risikovurdering import reports, services
from risikovurdering.tests.pdf_layout import layout_of, render_document

LONG_WORD = "Avviksmeldingsgjennomgangsrutinebeskrivelse" * 3  # no place to break
SITUASJON = "Elever som venter i kø ved garderoben dytter og slår når det blir trangt. " * 4


def _assessment(world, rows: int = 14):
    vurdering = world.own.vurdering
    services.risikovurdering_update(
        vurdering=vurdering, fields={"deltakere": ["rektor", "verneombud"], "kilder": ["avvik", "samtaler"]}, by=None
    )
    rad = world.own.rad
    services.risikoforhold_save(
        rad=rad, versjon=rad.versjon, by=None, bekreftet={"situasjon", "eksisterende_tiltak", "hvor_annet"},
        fields={
            "hvor": "annet", "hvor_annet": "Ved sykkelstativet", "utsatte": ["assistent", "vikar"],
            "faktorer": ["alenearbeid", "bemanning"], "situasjon": SITUASJON, "eksisterende_tiltak": LONG_WORD,
            "sannsynlighet": 2, "alvorlighet": 1, "hendelse": "slag",
        },
    )  # fmt: skip
    for n in range(rows):
        services.risikoforhold_create(
            vurdering=vurdering, by=None,
            fields={"hvor": "gang", "nar": "friminutt", "situasjon": f"Rad {n}: " + SITUASJON,
                    "eksisterende_tiltak": LONG_WORD, "sannsynlighet": n % 4, "alvorlighet": n % 3},
        )  # fmt: skip
    return vurdering


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_risk_pdf_has_who_is_exposed_factors_participants_sources_and_the_typed_place(world):
    vurdering = _assessment(world, rows=0)
    # Narrow columns wrap lines anywhere: compare the text without its whitespace.
    text = "".join(_text(reports.vurdering_pdf(vurdering.pk, "nb")).lower().split())
    for expected in (
        "Ved sykkelstativet",  # the place the school typed, not "annet"
        "assistent, vikar",  # who is exposed
        "alenearbeid, bemanning",  # the factors the assessment must consider
        "rektor, verneombud",  # who took part (medvirkning)
        "avviksmeldinger, samtaler",  # what it builds on
    ):
        assert "".join(expected.lower().split()) in text, expected
    assert "{#" not in text  # no template comment printed


def test_the_risk_pdf_stays_inside_the_margin_and_keeps_rows_whole(world):
    vurdering = _assessment(world)
    with translation.override("nb"):
        context = reports.vurdering_context(vurdering, "nb", sort="risiko")
    layout = layout_of(render_document("risikovurdering/rapport.html", context))
    assert layout.pages > 2  # long enough to need several pages
    assert layout.overflow == []
    assert layout.split_rows == []
    assert layout.pages_without_header == []
