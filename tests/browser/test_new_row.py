"""«Legg til risikoforhold» opens a form; the row exists from its first autosave, and a
person who opens the form and leaves leaves no empty row behind."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from risikovurdering.models import Risikoforhold
from tests.browser.conftest import login


@pytest.mark.django_db(transaction=True)
def test_a_new_row_exists_from_its_first_save_and_leaving_leaves_no_ghost(page, world):
    vurdering = world.own.vurdering
    detail = reverse("risikovurdering:detail", args=[vurdering.pk])
    before = Risikoforhold.objects.filter(vurdering=vurdering).count()
    login(page, world.own.users["hms"].email)

    page.goto(detail)
    page.get_by_role("link", name="Legg til risikoforhold").click()
    expect(page.get_by_label("Situasjon")).to_be_visible()
    page.goto(detail)  # left without typing
    assert Risikoforhold.objects.filter(vurdering=vurdering).count() == before
    expect(page.get_by_text("(ikke valgt)")).to_have_count(0)

    page.get_by_role("link", name="Legg til risikoforhold").click()
    page.get_by_label("Situasjon").fill("Trengsel ved bussen etter skoletid")
    expect(page.locator("#lagrestatus")).to_contain_text("Lagret", timeout=10_000)
    rows = Risikoforhold.objects.filter(vurdering=vurdering)
    rad = rows.latest("pk")
    page.get_by_label("Situasjon").fill("Trengsel og dytting ved bussen etter skoletid")
    for _ in range(60):
        rad.refresh_from_db()
        if rad.situasjon == "Trengsel og dytting ved bussen etter skoletid":
            break
        page.wait_for_timeout(250)
    assert rad.situasjon == "Trengsel og dytting ved bussen etter skoletid"
    assert rows.count() == before + 1  # both saves went to the same row
    page.get_by_role("button", name="Lagre og gå til vurderingen").click()
    expect(page).to_have_url(f"{page.url.split('/risiko')[0]}{detail}#rad-{rad.pk}")
    assert rows.count() == before + 1
