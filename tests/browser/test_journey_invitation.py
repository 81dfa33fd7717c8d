"""Veileder journey: find a school, add a member of its HMS-gruppe, invite them; the
invited person sets a password from the link and lands on their home page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


@pytest.mark.django_db(transaction=True)
def test_veileder_invites_a_verneombud_who_sets_a_password(page, world):
    login(page, world.veileder.email)
    assert_accessible(page, "veileder home")
    page.get_by_role("link", name="Kommuner og skoler").first.click()
    page.get_by_label("Søk etter kommune, nummer eller skole").fill("Testskole 1")
    page.get_by_role("button", name="Søk").click()
    assert_accessible(page, "search results")
    page.get_by_role("link", name="Testkommune 1").click()
    assert_accessible(page, "kommune page")
    page.get_by_role("link", name="Testskole 1").click()
    assert_accessible(page, "skole page")

    page.get_by_role("link", name="Legg til i HMS-gruppen").click()
    page.get_by_label("Navn").fill("Viktor Verneombud")
    page.get_by_label("E-post").fill("ikke-en-adresse")
    page.get_by_label("Rolle").select_option("verneombud")
    page.get_by_role("button", name="Lagre").click()
    # The error at the field, and in the summary at the top with a link to the field.
    expect(page.locator("#div_id_epost .ds-validation-message")).to_contain_text("Oppgi en gyldig e-postadresse")
    page.locator("ds-error-summary").get_by_role("link", name="Oppgi en gyldig e-postadresse").click()
    expect(page.get_by_label("E-post")).to_be_focused()
    expect(page.get_by_label("Navn")).to_have_value("Viktor Verneombud")  # nothing typed is lost
    assert_accessible(page, "kontakt form with errors")
    page.get_by_label("E-post").fill("viktor@example.com")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Viktor Verneombud er lagt til.")).to_be_visible()

    page.get_by_role("button", name="Inviter Viktor Verneombud").click()
    expect(page.get_by_text("Invitasjon sendt til viktor@example.com.")).to_be_visible()
    assert_accessible(page, "after invitation")
    page.get_by_role("button", name="Logg ut").click()

    link = re.search(r"https?://\S+(/invitasjon/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen")
    assert_accessible(page, "invitation page")
    page.get_by_label("Nytt passord").fill("Trygg-skolehverdag-42")
    page.get_by_label("Gjenta passordet").fill("Trygg-skolehverdag-42")
    page.get_by_role("button", name="Lagre passord og logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vår skole: Testskole 1")
    assert_accessible(page, "new member's home")

    page.goto(link)  # the link is used up
    expect(page.get_by_role("heading", level=1)).to_have_text("Lenken virker ikke")
    assert_accessible(page, "used link")
