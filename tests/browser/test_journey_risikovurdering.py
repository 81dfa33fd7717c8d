"""Two members of one HMS-gruppe fill in the same assessment at once: two rows without
conflict, then the same row (the second sees both versions and keeps theirs). What is
typed and left is there after a reload; the privacy prompt stops autosave."""

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

    # The same row: the second person sees both texts and keeps theirs.
    other.goto(url(rad1))
    page.get_by_label("Situasjon").fill("Rektors tekst")
    expect(page.locator("#lagrestatus")).to_contain_text("Lagret", timeout=10_000)
    other.get_by_label("Situasjon").fill("Verneombudets tekst")
    conflict = other.locator(".conflict")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_contain_text("Rektors tekst")
    expect(conflict).to_contain_text("Verneombudets tekst")
    assert_accessible(other, "conflict view")
    other.get_by_role("button", name="Behold min versjon").click()
    expect(other.get_by_text("Risikoforholdet er lagret.")).to_be_visible()
    rad1.refresh_from_db()
    assert rad1.situasjon == "Verneombudets tekst"
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
