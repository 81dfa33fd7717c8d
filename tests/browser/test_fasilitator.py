"""The facilitator in a real browser (issue 21): the dashboard of the own Kommune's
programmes, its own copy of the programme template made and adapted, axe on each page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kommuner.tests.test_fasilitator import make_fasilitator
from tests.browser.conftest import assert_accessible, login


@pytest.mark.django_db(transaction=True)
def test_the_facilitator_adapts_the_own_template(page, world):
    fasilitator = make_fasilitator(world)
    login(page, fasilitator.email)
    page.goto(reverse("veiledning:dashboard"))
    expect(page.locator("body")).to_contain_text(world.own.kommune.navn)
    expect(page.locator("body")).not_to_contain_text(world.foreign.kommune.navn)
    expect(page.get_by_role("link", name="Nasjonalt bilde")).to_have_count(0)  # the nation's, not theirs
    assert_accessible(page, "the facilitator's dashboard")
    page.goto(reverse("veiledning:programmal", args=[world.own.kommune.orgnr]))
    assert_accessible(page, "no copy yet")
    page.get_by_role("button", name="Lag vår egen kopi").click()
    expect(page.locator("h1")).to_contain_text(world.own.kommune.navn)
    title = page.locator("textarea, input[type=text]").first
    title.fill("Velkommen og mål for dagen")
    page.get_by_role("button", name="Lagre ny versjon").click()
    expect(page.locator("body")).to_contain_text("versjon 2")
    assert_accessible(page, "the adapted copy")
