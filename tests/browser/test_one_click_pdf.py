"""One click to a PDF (issue 17): a real user needed Rapport -> Lag rapporten -> wait -> Last
ned. Now the button on the page starts the job, its box shows progress, and the download
starts by itself, without leaving the page."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import login


@pytest.mark.django_db(transaction=True)
def test_one_click_on_the_page_downloads_the_pdf(page, world):
    login(page, world.own.users["hms"].email)
    url = reverse("risikovurdering:detail", args=[world.own.vurdering.pk])
    page.goto(url)
    with page.expect_download() as download:
        page.locator("#risiko-pdf").get_by_role("button", name="Last ned rapporten (PDF)").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    assert page.url.endswith(url)  # never left the assessment
    expect(page.locator("#risiko-pdf").get_by_role("link", name="Last ned rapporten (PDF)")).to_be_visible()
    assert page.console_errors == []
