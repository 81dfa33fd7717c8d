"""An HMS-gruppe starts its plan from the seminar, turns two high-risk rows into Tiltak
and sets their statuses; the skoleeier sees them in the Kommune's overview; the veileder
sees the follow-up summary on the Veiledning page, counts only."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_tenant
from risikovurdering.services import risikoforhold_create
from tests.browser.conftest import assert_accessible, login


@pytest.mark.django_db(transaction=True)
def test_plan_from_seminar_to_follow_up(page, browser, live_server, world):
    tenant = make_tenant(3, veileder=world.veileder, with_plan=False)
    for situasjon in ("Slag i garderoben", "Trusler ved skolebussen"):
        risikoforhold_create(
            vurdering=tenant.vurdering, by=None,
            fields={"hvor": "garderobe", "situasjon": situasjon, "sannsynlighet": 3, "alvorlighet": 2},
        )  # fmt: skip

    login(page, tenant.users["hms"].email)
    page.get_by_role("link", name="Gruppeoppgavene på seminaret").click()
    page.get_by_role("link", name="Lage handlingsplan").click()
    assert_accessible(page, "start plan")
    page.get_by_role("button", name="Start handlingsplanen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Handlingsplan")
    page.get_by_label("Hva gjenstår når det gjelder kartlegging og risikovurdering?", exact=False).first.fill(
        "Trinnvise vurderinger for mellomtrinnet."
    )
    page.get_by_role("button", name="Lagre svarene").click()
    expect(page.get_by_text("Svarene er lagret.")).to_be_visible()
    assert_accessible(page, "plan")

    for situasjon, status in (("Slag i garderoben", "pågår"), ("Trusler ved skolebussen", "gjennomført")):
        page.get_by_role("link", name=re.compile(f"Lag tiltak – {situasjon}")).click()
        assert_accessible(page, "new measure")
        page.locator("#id_beskrivelse").fill(f"Tiltak mot: {situasjon}")
        page.locator("#id_omrade").select_option("tiltak")
        page.get_by_label("Ansvarlig (rolle)").fill("rektor")
        page.get_by_label("Frist").fill("2027-06-01")
        page.get_by_role("button", name="Lagre tiltaket").click()
        expect(page.get_by_text("Tiltaket er lagt til.")).to_be_visible()
        card = page.locator("article", has_text=f"Tiltak mot: {situasjon}")
        card.get_by_label("Ny status").select_option(label=status)
        card.get_by_role("button", name="Endre status").click()
        expect(page.get_by_text("Status er endret.")).to_be_visible()
    expect(page.get_by_text("har tiltak")).to_have_count(2)
    assert_accessible(page, "plan with measures")

    # The skoleeier sees them in the Kommune's overview.
    eier_context = browser.new_context(base_url=live_server.url)
    eier = eier_context.new_page()
    login(eier, tenant.users["skoleeier"].email)
    eier.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Handlingsplaner").click()
    row = eier.get_by_role("row", name=re.compile("Testskole 3"))
    expect(row).to_contain_text("1")
    assert_accessible(eier, "kommune overview of plans")
    eier_context.close()

    # The veileder sees counts on the Veiledning page, and not the content.
    veileder_context = browser.new_context(base_url=live_server.url)
    veileder = veileder_context.new_page()
    login(veileder, world.veileder.email)
    veileder.goto(reverse("veiledning:detail", args=[tenant.veiledning.pk]))
    summary = veileder.locator("section", has=veileder.get_by_role("heading", name="Oppfølging av handlingsplanene"))
    expect(summary.get_by_role("row", name=re.compile("Testskole 3"))).to_contain_text("1")
    expect(summary).not_to_contain_text("Tiltak mot")
    assert_accessible(veileder, "veiledning with follow-up")
    plan_pk = tenant.skole.handlingsplaner.get().pk
    response = veileder.goto(reverse("handlingsplan:detail", args=[plan_pk]))
    assert response.status == 403
    veileder_context.close()
