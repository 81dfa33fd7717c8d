"""The national picture in a real browser (issue 21): its SVG charts and tables pass axe at
desktop and phone width, in bokmål and nynorsk."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from innsikt.tests.nation import build_nation
from tests.browser.conftest import assert_accessible, login


@pytest.mark.django_db(transaction=True)
def test_national_picture_charts_pass_axe(page):
    nation = build_nation()
    login(page, nation.veileder.email)
    page.goto(reverse("innsikt:nasjonalt"))
    expect(page.locator("h1")).to_have_text("Nasjonalt bilde")
    assert page.locator("svg[role=img]").count() >= 5
    expect(page.locator("body")).not_to_contain_text("Garderobe")
    assert_accessible(page, "national picture, bokmål")
    page.screenshot(path="var/test/screenshots/nasjonalt-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, "national picture at phone width")
    page.screenshot(path="var/test/screenshots/nasjonalt-390.png", full_page=True)
