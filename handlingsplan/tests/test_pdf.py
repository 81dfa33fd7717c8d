"""The plan's PDF has what an inspector asks for: the answers to the guided questions,
each measure's risks with their level in words, the comment on effect, and overdue
measures marked; it stays inside the margin and keeps rows whole."""

import io
from datetime import timedelta

import pypdf
from django.utils import timezone

from handlingsplan import reports, services
from handlingsplan.models import Tiltak
from risikovurdering import services as risiko
from risikovurdering.tests.pdf_layout import layout_of, render_document

LONG_WORD = "Oppfølgingssamtalegjennomføringsplan" * 2  # 72 characters, no place to break


def _plan(world, extra: int = 0):
    plan, rad = world.own.plan, world.own.rad
    risiko.risikoforhold_save(
        rad=rad, fields={"sannsynlighet": 3, "alvorlighet": 1}, versjon=rad.versjon, by=None
    )  # daily and serious: high
    questions = services.plan_questions(plan)
    services.handlingsplan_save_svar(
        plan=plan, svar={"0": "Vi kartlegger garderoben på nytt i mars.", "1": "Verneombudet følger opp."}, by=None
    )
    assert len(questions) >= 2
    tiltak = world.own.tiltak
    services.tiltak_update(
        tiltak=tiltak, by=None,
        fields={"effekt": "Færre hendelser i gangen etter jul.", "frist": timezone.localdate() - timedelta(days=3)},
    )  # fmt: skip
    for n in range(extra):
        services.tiltak_create(
            plan=plan, by=None, risikoforhold=[rad],
            fields={"beskrivelse": f"Tiltak {n}: " + "Voksne til stede i gangen i alle friminutt. " * 6,
                    "omrade": "tiltak", "ansvarlig_rolle": LONG_WORD, "effekt": LONG_WORD},
        )  # fmt: skip
    return plan


def _text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "".join("".join(p.extract_text().split()) for p in pages).lower()


def _has(text: str, expected: str) -> bool:
    return "".join(expected.lower().split()) in text


def test_the_plan_pdf_has_answers_risks_effect_and_overdue_marks(world):
    plan = _plan(world)
    text = _text(reports.plan_pdf(plan.pk, "nb"))
    question = services.plan_task(plan)["sporsmal"][0]["nb"]
    assert _has(text, question)
    assert _has(text, "Vi kartlegger garderoben på nytt i mars.")
    assert _has(text, "Verneombudet følger opp.")
    assert _has(text, "Gang / friminutt")  # the linked risk …
    assert _has(text, "Høy")  # … with its level in words
    assert _has(text, "Færre hendelser i gangen etter jul.")  # the effect comment
    assert _has(text, "forfalt")  # the overdue measure is marked
    assert Tiltak.objects.get(pk=world.own.tiltak.pk).is_overdue


def test_the_plan_pdf_stays_inside_the_margin_and_keeps_rows_whole(world):
    plan = _plan(world, extra=12)
    layout = layout_of(render_document("handlingsplan/rapport.html", reports.plan_context(plan, "nb")))
    assert layout.pages > 1
    assert layout.overflow == []
    assert layout.split_rows == []
    assert layout.pages_without_header == []
