"""Nothing typed is lost (issue 18, Deliver 1): leaving a page with free text not yet saved
asks first; once it is saved (submitted, or stored by autosave) leaving is free."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import login


def _leave(page) -> list[str]:
    """Follow the first navigation link; the dialogs the browser raised on the way."""
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.once("dialog", dismiss)
    page.locator(".site-nav a").first.click()
    page.wait_for_timeout(500)
    return dialogs


@pytest.mark.django_db(transaction=True)
def test_leaving_a_form_with_unsaved_text_asks_first(page, world):
    login(page, world.own.users["hms"].email)
    page.goto(reverse("handlingsplan:tiltak_new", args=[world.own.plan.pk]))
    box = page.locator("main form textarea").first
    box.fill("Vakt i friminuttene ved inngangen")
    assert _leave(page) == ["beforeunload"]
    expect(box).to_have_value("Vakt i friminuttene ved inngangen")  # still here, nothing lost


@pytest.mark.django_db(transaction=True)
def test_autosaved_text_leaves_without_asking(page, world):
    login(page, world.own.users["hms"].email)
    page.goto(reverse("risikovurdering:rad", args=[world.own.rad.pk]))
    with page.expect_response(lambda r: "autolagre" in r.url and r.headers.get("x-saved") == "1"):
        page.get_by_label("Situasjon").fill("Trengsel ved garderoben etter gym")
    page.wait_for_timeout(300)
    assert _leave(page) == []
    expect(page).not_to_have_url(reverse("risikovurdering:rad", args=[world.own.rad.pk]))
