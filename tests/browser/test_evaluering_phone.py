"""Issue 18 on a phone: an early scan says when the evaluation opens; an empty answer is
refused with a message; free text naming a pupil asks the participant to rephrase or
confirm, keeping what was typed; the rephrased answer is stored. axe on each state."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evaluering.services import besvarelse_submit, evaluering_set_window
from tests.browser.conftest import assert_accessible, login

PHONE = {"width": 375, "height": 740}
PUPIL = "Eleven Ola Nordmann slo meg i går"


@pytest.mark.django_db(transaction=True)
def test_early_scan_empty_answer_and_a_name_on_a_phone(browser, live_server, world):
    now = timezone.now()
    evaluering = evaluering_set_window(
        evaluering=world.own.seminar.evaluering, apner_at=now + timedelta(hours=2), lukker_at=now + timedelta(days=1),
        by=None,
    )  # fmt: skip
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    url = reverse("evaluering:svar", args=[evaluering.token])
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Evalueringen åpner senere")
    expect(phone.get_by_text(f"kl. {timezone.localtime(evaluering.apner_at):%H:%M}")).to_be_visible()
    assert_accessible(phone, "evaluation not yet open")

    evaluering = evaluering_set_window(
        evaluering=evaluering, apner_at=now - timedelta(minutes=1), lukker_at=now + timedelta(days=1), by=None
    )
    phone.goto(url)
    phone.get_by_label("Verneombud").check()
    phone.get_by_role("button", name="Send svaret").click()
    expect(phone.get_by_text("Svaret er tomt").first).to_be_visible()
    expect(phone.get_by_label("Verneombud")).to_be_checked()
    assert_accessible(phone, "empty answer refused")

    phone.locator("#id_kunnskap_3").check()
    comment = phone.get_by_label("Hva vil du gjøre først når du er tilbake på skolen?")
    comment.fill(PUPIL)
    phone.get_by_role("button", name="Send svaret").click()
    expect(phone.get_by_text("Teksten kan identifisere noen").first).to_be_visible()
    expect(comment).to_have_value(PUPIL)
    expect(phone.get_by_label("Teksten identifiserer ingen")).to_be_visible()
    assert_accessible(phone, "free text held for confirmation")
    assert not evaluering.besvarelser.exists()

    comment.fill("En elev slo meg i friminuttet")
    phone.get_by_role("button", name="Send svaret").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Takk for svaret!")
    svar = evaluering.besvarelser.get().svar.get(sporsmal="forst")
    assert svar.tekst == "En elev slo meg i friminuttet"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_veileder_sees_a_burst_and_voids_it(page, world):
    now = timezone.now()
    evaluering = evaluering_set_window(
        evaluering=world.own.seminar.evaluering, apner_at=now - timedelta(minutes=5), lukker_at=now + timedelta(days=1),
        by=None,
    )  # fmt: skip
    for n in range(20):
        besvarelse_submit(evaluering=evaluering, device_token=f"bot{n}", answers={"kunnskap": 1}, rolle="")
    login(page, world.veileder.email)
    page.goto(reverse("evaluering:resultater", args=[evaluering.pk]))
    expect(page.get_by_text("Uvanlig mange svar kom på kort tid").first).to_be_visible()
    assert_accessible(page, "results with a burst flagged")
    page.get_by_role("link", name="Se gjennom svarene").first.click()
    assert_accessible(page, "answers to review")
    page.get_by_role("button", name="Forkast de 20 svarene fra dette minuttet").click()
    expect(page.get_by_text("Endret svar: 20.")).to_be_visible()
    assert evaluering.besvarelser.filter(status="forkastet").count() == 20
    page.get_by_role("button", name="Ta med igjen").first.click()
    expect(page.get_by_text("Endret svar: 1.")).to_be_visible()
    assert evaluering.besvarelser.filter(status="gyldig").count() == 1
