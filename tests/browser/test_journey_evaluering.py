"""A participant on a phone: open the link, answer, thank-you page; answering again from
the same phone edits the first answer. axe on the form and on the results."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evaluering.services import besvarelse_submit, evaluering_set_window
from tests.browser.conftest import assert_accessible, assert_fits_width, login

PHONE = {"width": 375, "height": 740}


@pytest.mark.django_db(transaction=True)
def test_participant_answers_on_a_phone_and_edits(browser, live_server, page, world):
    now = timezone.now()
    evaluering = evaluering_set_window(
        evaluering=world.own.seminar.evaluering, apner_at=now - timedelta(minutes=1), lukker_at=now + timedelta(days=1),
        by=None,
    )  # fmt: skip
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(reverse("evaluering:svar", args=[evaluering.token]))
    assert_accessible(phone, "evaluation form on a phone")
    assert_fits_width(phone, 375)
    phone.set_viewport_size(PHONE)
    phone.locator("#id_kunnskap_3").check()  # 4
    phone.get_by_label("Verneombud").check()
    phone.get_by_label("Hva vil du gjøre først når du er tilbake på skolen?").fill("Gå gjennom avviksrutinen")
    phone.get_by_role("button", name="Send svaret").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Takk for svaret!")
    assert_accessible(phone, "thank-you page")

    phone.get_by_role("link", name="Endre svaret").click()
    expect(phone.get_by_text("Du har svart før fra denne enheten")).to_be_visible()
    phone.locator("#id_kunnskap_4").check()  # 5
    phone.get_by_role("button", name="Send svaret").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Takk for svaret!")
    assert evaluering.besvarelser.count() == 1
    assert evaluering.besvarelser.get().svar.get(sporsmal="kunnskap").verdi == 5
    context.close()

    for n in range(5):
        besvarelse_submit(
            evaluering=evaluering, device_token=f"d{n}", answers={"kunnskap": 3, "maal1": 4}, rolle="rektor"
        )
    login(page, world.veileder.email)
    page.goto(reverse("evaluering:resultater", args=[evaluering.pk]))
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert_accessible(page, "results")
    page.goto(reverse("evaluering:detail", args=[evaluering.pk]))
    assert_accessible(page, "evaluation settings with QR")
    page.goto(reverse("veiledning:seminar", args=[world.own.veiledning.pk]))
    page.keyboard.press("End")  # the evaluation is the seminar view's last part
    expect(page.get_by_role("img", name="QR-kode til evalueringen")).to_be_visible()
