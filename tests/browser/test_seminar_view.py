"""The seminar view on the projector (issue 18): its own page without the site's header
and navigation, large type, the agenda with the current item, one part at a time moved
by the arrow keys and by a presenter's clicker (PageUp/PageDown), each group task with
the schools' answers arriving, the kommuneledelse task, the evaluation's QR code last."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from veiledning import services

PROJECTOR = {"width": 1280, "height": 720}


def _font_px(locator) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


@pytest.mark.django_db(transaction=True)
def test_the_seminar_view_is_a_projector_slide_show(page, world):
    tenant = world.own
    veiledning = tenant.veiledning
    page.set_viewport_size(PROJECTOR)
    login(page, world.veileder.email)
    page.goto(reverse("veiledning:seminar", args=[veiledning.pk]))

    # Its own page: language, title and skip link, but no site header, navigation or footer.
    assert page.locator("html").get_attribute("lang") == "nb"
    assert "Seminar" in page.title()
    expect(page.locator("a.ds-skip-link")).to_have_attribute("href", "#innhold")
    assert page.locator("nav, header.site-header, footer.site-footer").count() == 0
    expect(page.get_by_role("navigation")).to_have_count(0)

    # The first part: the title, the agenda with the current item, the learning goals; large type.
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(tenant.kommune.navn)
    expect(page.get_by_role("heading", name="Plan for dagen")).to_be_visible()
    agenda_item = page.locator("[data-part] li").first
    assert _font_px(agenda_item) >= 24, _font_px(agenda_item)
    assert _font_px(heading) >= 40
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PROJECTOR["width"]
    assert_accessible(page, "seminar view, agenda")
    page.set_viewport_size(PROJECTOR)

    # Arrow keys and a clicker's PageDown/PageUp move from part to part, one shown at a time.
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="Plan for dagen")).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("heading", name="Plan for dagen")).to_be_visible()
    task_one = page.get_by_role("heading", name=re.compile(r"^Oppgave 1:"))
    for _ in range(10):
        if task_one.is_visible():
            break
        page.keyboard.press("PageDown")
    expect(task_one).to_be_visible()
    expect(page.locator("[data-part]:not([hidden])")).to_have_count(1)

    # A school's answer arrives while the task is on the screen.
    services.oppgavesvar_save(
        veiledning=veiledning, skole=tenant.skole, oppgave="oppgave1", sporsmal=0,
        tekst="Vi henter informasjon fra avvik og medarbeidersamtaler.", versjon=0, by=tenant.users["hms"],
    )  # fmt: skip
    expect(page.get_by_text("Vi henter informasjon fra avvik og medarbeidersamtaler.")).to_be_visible(timeout=15_000)
    assert_accessible(page, "seminar view, group task")
    page.set_viewport_size(PROJECTOR)

    # The kommuneledelse's task is among the parts.
    kommune_task = page.get_by_role("heading", name=re.compile("kommuneledelsen"))
    for _ in range(15):
        if kommune_task.is_visible():
            break
        page.keyboard.press("ArrowRight")
    expect(kommune_task).to_be_visible()
    page.keyboard.press("PageUp")
    expect(kommune_task).to_be_hidden()

    # The evaluation's QR code is the last part.
    page.keyboard.press("End")
    expect(page.get_by_role("img", name="QR-kode til evalueringen")).to_be_visible()
    page.keyboard.press("ArrowRight")  # nothing after the last
    expect(page.get_by_role("img", name="QR-kode til evalueringen")).to_be_visible()
    assert_accessible(page, "seminar view, evaluation")
    page.keyboard.press("Home")
    expect(page.get_by_role("heading", name="Plan for dagen")).to_be_visible()
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_the_seminar_shows_the_rules_in_force_as_the_deck_shows_its_regulation_slides(page, world):
    """Issue 19: a part of its own with the main messages and each paragraph in force, linked
    to Lovdata, the old number beside it; readable on the projector and on a phone, in nynorsk."""
    world.veileder.language = "nn"
    world.veileder.save(update_fields=["language"])
    login(page, world.veileder.email)
    shots = Path(settings.VAR_DIR) / "screenshots" / "veileder"
    shots.mkdir(parents=True, exist_ok=True)
    for size in (PROJECTOR, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        page.goto(reverse("veiledning:seminar", args=[world.own.veiledning.pk]) + "#del-regelverk")
        heading = page.get_by_role("heading", name="Regelverket")
        for _ in range(10):  # before group task 3, where the deck has its regulation slides
            if heading.is_visible():
                break
            page.keyboard.press("ArrowRight")
        expect(heading).to_be_visible()
        part = page.locator("#del-regelverk")
        expect(part.locator("strong").first).to_contain_text("Skuletilsette skal ikkje stå aleine")
        link = part.get_by_role("link", name=re.compile(r"^§ 3A-2 Kartlegging og risikovurdering"))
        expect(link).to_have_attribute("href", re.compile(r"^https://lovdata\.no/"))
        expect(part.get_by_text("(tidlegare § 23A-1)")).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= size["width"]
        page.screenshot(path=str(shots / f"veiledning-seminar-regelverk-nn-{size['width']}.png"), full_page=True)
        assert_accessible(page, f"seminar view, the rules, {size['width']} px")
        page.set_viewport_size(size)
