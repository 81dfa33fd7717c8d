"""The owner's view and the outbox in a browser (issue 18): the skoleeier's «Skolene»
shows each school's status; a status request to a chosen school, answered on the school's
home page, read by the Kommune; the veileder's outbox names kinds in words and links the
programme."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_tenant
from tests.browser.conftest import assert_accessible, login


@pytest.mark.django_db(transaction=True)
def test_owner_asks_a_chosen_school_which_answers(page, live_server, world):
    tenant = make_tenant(3, veileder=world.veileder)
    login(page, tenant.users["skoleeier"].email)
    page.get_by_role("link", name="Skolene", exact=True).first.click()
    row = page.get_by_role("row", name=tenant.skole.navn)
    expect(row).to_contain_text("utkast")
    expect(row).to_contain_text("0 av 1 tiltak gjennomført")
    assert_accessible(page, "Skolene")

    page.get_by_role("link", name="Hvordan går det på skolene?").click()
    page.get_by_role("button", name="Send spørsmålet").click()
    expect(page.get_by_text("Velg minst én skole.", exact=True)).to_be_visible()
    page.get_by_label(tenant.skole.navn).check()
    page.get_by_role("button", name="Send spørsmålet").click()
    expect(page.get_by_text("Spørsmålet er sendt til skolene du valgte.")).to_be_visible()
    expect(page.get_by_text("0 av 1 skoler har svart.")).to_be_visible()
    assert_accessible(page, "status requests")

    page.context.clear_cookies()
    login(page, tenant.users["hms"].email)
    expect(page.get_by_role("heading", name="Kommunen spør")).to_be_visible()
    page.get_by_role("link", name="Svar kommunen").click()
    assert_accessible(page, "answer")
    page.get_by_label("Svar til kommunen").fill("Alarmrutinen er øvd, SFO er vanskelig.")
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text("Svaret er sendt til kommunen.")).to_be_visible()

    page.context.clear_cookies()
    login(page, tenant.users["skoleeier"].email)
    page.goto(reverse("handlingsplan:statusforesporsler", args=[tenant.kommune.orgnr]))
    expect(page.get_by_text("Alarmrutinen er øvd, SFO er vanskelig.")).to_be_visible()
    expect(page.get_by_text("1 av 1 skoler har svart.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_outbox_speaks_the_veileders_language_and_links_the_programme(page, live_server, world):
    login(page, world.veileder.email)
    page.goto(reverse("pages:outbox"))
    expect(page.get_by_role("cell", name="Møtet om en uke").first).to_be_visible()
    expect(page.get_by_text("samling_7d")).to_have_count(0)
    assert_accessible(page, "outbox")
    page.get_by_role("link", name=world.own.kommune.navn).first.click()
    expect(page).to_have_url(f"{live_server.url}{reverse('veiledning:detail', args=[world.own.veiledning.pk])}")
