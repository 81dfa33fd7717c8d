"""Two members of one HMS-gruppe fill in the same assessment at once: two rows without
conflict, then the same row (the second sees both versions and keeps theirs). What is
typed and left is there after a reload; the privacy prompt stops autosave."""

import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from risikovurdering import services
from tests.browser.conftest import assert_accessible, login

TABLET = {"width": 768, "height": 1024}


def _member_page(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, viewport=TABLET)
    page = context.new_page()
    login(page, user.email)
    return context, page


def _type_and_wait(page, text: str) -> None:
    page.get_by_label("Situasjon").fill(text)
    expect(page.locator("#lagrestatus")).to_contain_text("Lagret", timeout=10_000)


def _wait_until_saved(rad, **values) -> None:
    for _ in range(60):
        rad.refresh_from_db()
        if all(getattr(rad, name) == value for name, value in values.items()):
            return
        time.sleep(0.25)
    raise AssertionError(f"not saved: {values}")


@pytest.mark.django_db(transaction=True)
def test_two_members_edit_at_once_without_losing_anything(page, browser, live_server, world):
    rektor, verneombud = world.own.users["hms"], world.own.users["verneombud"]
    vurdering = world.own.vurdering
    rad1 = world.own.rad
    rad2 = services.risikoforhold_create(vurdering=vurdering, by=rektor, fields={"hvor": "ute"})
    url = lambda rad: reverse("risikovurdering:rad", args=[rad.pk])  # noqa: E731

    login(page, rektor.email)
    page.goto(reverse("risikovurdering:detail", args=[vurdering.pk]))
    assert_accessible(page, "assessment, desktop")
    page.set_viewport_size(TABLET)
    assert_accessible(page, "assessment, tablet")

    other_context, other = _member_page(browser, live_server, verneombud)

    # Two rows at once: no conflict.
    page.goto(url(rad1))
    other.goto(url(rad2))
    assert_accessible(page, "row editor, tablet")
    _type_and_wait(page, "Trengsel ved garderoben etter gym")
    _type_and_wait(other, "Ball i hodet i friminuttet")
    rad1.refresh_from_db()
    rad2.refresh_from_db()
    assert rad1.situasjon == "Trengsel ved garderoben etter gym" and rad2.situasjon == "Ball i hodet i friminuttet"

    # Typed and left without pressing anything: there after a reload.
    page.reload()
    expect(page.get_by_label("Situasjon")).to_have_value("Trengsel ved garderoben etter gym")

    # The same row: the second person sees both versions, field by field in words, brought
    # into view and focused, and keeps theirs: every field they filled in, ratings too.
    other.goto(url(rad1))
    page.get_by_label("Situasjon").fill("Rektors tekst")
    page.get_by_label(re.compile("^Daglig –")).check()
    page.get_by_label(re.compile("^Alvorlig –")).check()
    _wait_until_saved(rad1, situasjon="Rektors tekst", sannsynlighet=3, alvorlighet=1)
    other.get_by_label(re.compile("^Sjelden / aldri –")).check()
    other.get_by_label(re.compile("^Mindre alvorlig –")).check()
    other.get_by_label("Situasjon").fill("Verneombudets tekst")
    conflict = other.locator(".conflict")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_be_focused()
    expect(conflict).to_be_in_viewport()
    expect(conflict.get_by_role("heading")).to_have_text("Noen andre har lagret en nyere versjon")
    expect(conflict).to_contain_text("Rektors tekst")
    expect(conflict).to_contain_text("Verneombudets tekst")
    for label, mine, theirs in [
        ("Sannsynlighet", "Sjelden / aldri", "Daglig"),
        ("Alvorlighetsgrad", "Mindre alvorlig", "Alvorlig"),
    ]:
        row = conflict.get_by_role("row").filter(has=other.get_by_role("rowheader", name=label, exact=True))
        expect(row.get_by_role("cell")).to_have_text([mine, theirs])
    assert_accessible(other, "conflict view")
    other.get_by_role("button", name="Behold min versjon").click()
    expect(other.get_by_text("Risikoforholdet er lagret.")).to_be_visible()
    rad1.refresh_from_db()
    assert (rad1.situasjon, rad1.sannsynlighet, rad1.alvorlighet) == ("Verneombudets tekst", 0, 0)

    # Again, and this time the second person takes the stored version: their form shows it,
    # and what they had typed is neither saved now nor later.
    other.goto(url(rad1))
    page.reload()
    page.get_by_label("Situasjon").fill("Rektors nye tekst")
    _wait_until_saved(rad1, situasjon="Rektors nye tekst")
    other.get_by_label("Situasjon").fill("Foreldet tekst")
    expect(other.locator(".conflict")).to_be_focused(timeout=10_000)
    other.get_by_role("button", name="Bruk den lagrede").click()
    expect(other.get_by_label("Situasjon")).to_have_value("Rektors nye tekst")
    expect(other.locator(".conflict")).to_have_count(0)
    expect(other.get_by_label(re.compile("^Sjelden / aldri –"))).to_be_checked()
    other.get_by_label(re.compile("^Ofte / ukentlig –")).check()  # goes on from the stored version
    expect(other.locator("#lagrestatus")).to_contain_text("Lagret", timeout=10_000)
    rad1.refresh_from_db()
    assert (rad1.situasjon, rad1.sannsynlighet) == ("Rektors nye tekst", 2)
    other_context.close()

    # The privacy prompt holds back autosave until the person confirms.
    page.goto(url(rad2))
    page.get_by_label("Situasjon").fill("Ola Nordmann slo en assistent")
    prompt = page.locator(".privacy-prompt")
    expect(prompt).to_be_visible(timeout=10_000)
    assert_accessible(page, "privacy prompt")
    rad2.refresh_from_db()
    assert "Ola" not in rad2.situasjon
    page.get_by_label("Situasjon").fill("En elev slo en assistent")
    expect(page.locator("#lagrestatus")).to_contain_text("Lagret", timeout=10_000)
    rad2.refresh_from_db()
    assert rad2.situasjon == "En elev slo en assistent"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("button", ["Bokmål", "Nynorsk", "English"])
def test_tool_pages_in_each_language_on_desktop_and_tablet(page, world, button):
    login(page, world.own.users["skoleeier"].email)
    page.get_by_role("button", name=button).click()
    for name in ("risikovurdering:oversikt", "risikovurdering:sektor_list"):
        page.goto(reverse(name, args=[world.own.kommune.orgnr]))
        for viewport in ({"width": 1280, "height": 900}, TABLET):
            page.set_viewport_size(viewport)
            assert_accessible(page, f"{name} {button} {viewport['width']}")
    page.goto(reverse("risikovurdering:detail", args=[world.own.sektor.pk]))
    assert_accessible(page, f"sektor {button}")
    page.goto(reverse("risikovurdering:skole_list", args=[world.own.skole.pk]))
    assert_accessible(page, f"school list {button}")
