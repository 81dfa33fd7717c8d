"""The heat map in a real browser: each level has its own computed colour (Bootstrap's
table cells once painted every square white), the level is written in each square, a
square filters the rows, and axe (colour contrast included) finds nothing on the page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from risikovurdering import services
from tests.browser.conftest import assert_accessible, login


@pytest.mark.django_db(transaction=True)
def test_heat_map_is_coloured_by_level_and_filters_the_rows(page, world):
    vurdering, hms = world.own.vurdering, world.own.users["hms"]
    fields = {"hvor": "ute", "sannsynlighet": 3, "alvorlighet": 2, "situasjon": "Kniv i skolegården"}
    services.risikoforhold_create(vurdering=vurdering, by=hms, fields=fields)
    login(page, hms.email)
    page.goto(reverse("risikovurdering:detail", args=[vurdering.pk]))

    colours = page.evaluate(
        """() => Object.fromEntries(['risk-lav', 'risk-middels', 'risk-hoy'].map(level => [level,
            getComputedStyle(document.querySelector('.heatmap td.' + level)).backgroundColor]))"""
    )
    assert len(set(colours.values())) == 3, colours
    assert "rgb(255, 255, 255)" not in colours.values(), colours
    assert_accessible(page, "risk assessment with its heat map")

    page.locator('.heatmap a[href="?s=3&a=2#rader"]').click()
    expect(page.locator("#rutefilter")).to_contain_text("Daglig")
    expect(page.locator("#rader ~ .table-scroll tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Vis alle").click()
    expect(page.locator("#rader ~ .table-scroll tbody tr")).to_have_count(2)
