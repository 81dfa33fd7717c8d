"""Keyboard only: the evaluation form, a risk row and a Tiltak are completed with Tab,
arrow keys, space and Enter, never the mouse."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evaluering.services import evaluering_set_window
from tests.browser.conftest import login


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.django_db(transaction=True)
def test_evaluation_form_by_keyboard(page, world):
    now = timezone.now()
    evaluering = evaluering_set_window(
        evaluering=world.own.seminar.evaluering, apner_at=now - timedelta(minutes=1), lukker_at=now + timedelta(days=1),
        by=None,
    )  # fmt: skip
    page.goto(reverse("evaluering:svar", args=[evaluering.token]))
    _tab_to(page, "input[name=kunnskap]")
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    _tab_to(page, "textarea[name=kommentar]")
    page.keyboard.type("Bra dag")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for svaret!")
    svar = evaluering.besvarelser.get().svar
    assert svar.get(sporsmal="kunnskap").verdi in (2, 3) and svar.get(sporsmal="kommentar").tekst == "Bra dag"


@pytest.mark.django_db(transaction=True)
def test_risk_row_and_a_measure_by_keyboard(page, world):
    login(page, world.own.users["hms"].email)
    page.goto(reverse("risikovurdering:rad", args=[world.own.rad.pk]))
    _tab_to(page, "textarea[name=situasjon]")
    page.keyboard.press("Control+A")
    page.keyboard.type("Trengsel ved utgangen etter siste time")
    _tab_to(page, "input[name=sannsynlighet]")
    page.keyboard.press("Space")
    _tab_to(page, "input[name=alvorlighet]")
    page.keyboard.press("Space")
    _tab_to(page, "#rad-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Risikoforholdet er lagret.")).to_be_visible()
    world.own.rad.refresh_from_db()
    assert world.own.rad.situasjon == "Trengsel ved utgangen etter siste time"
    assert world.own.rad.sannsynlighet is not None and world.own.rad.alvorlighet is not None

    page.goto(reverse("handlingsplan:tiltak_new", args=[world.own.plan.pk]))
    _tab_to(page, "#id_beskrivelse")
    page.keyboard.type("Voksen ved utgangen")
    _tab_to(page, "#id_omrade")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "#id_ansvarlig_rolle")
    page.keyboard.type("rektor")
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Tiltaket er lagt til.")).to_be_visible()
    assert world.own.plan.tiltak.filter(beskrivelse="Voksen ved utgangen").exists()


@pytest.mark.django_db(transaction=True)
def test_session_warning_before_the_inactivity_timeout(page, world):
    page.clock.install()
    login(page, world.own.users["hms"].email)
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()
    page.clock.run_for("07:56:00")  # 8 hours minus 4 minutes without activity
    expect(warning).to_be_visible()
    expect(page.get_by_role("button", name="Fortsett å være logget inn")).to_be_focused()
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
