"""Free text with HTML or script shows as text on pages, in e-mails and in PDFs; files
are served with Cache-Control: no-store."""

import io
from datetime import timedelta

import pypdf
from django.core import mail
from django.urls import reverse

from risikovurdering import services as risk
from veiledning import services

SCRIPT = '<script>alert("x")</script><b>fet</b>'


def test_html_in_free_text_is_text_on_the_page(client, world):
    risk.risikoforhold_save(rad=world.own.rad, fields={"situasjon": SCRIPT}, versjon=1, by=world.own.users["hms"])
    client.force_login(world.own.users["hms"])
    body = client.get(reverse("risikovurdering:detail", args=[world.own.vurdering.pk])).content.decode()
    assert SCRIPT not in body and "&lt;script&gt;" in body


def test_html_in_free_text_is_text_in_e_mails(world):
    from core.reminders import paminnelser_send_due

    seminar = world.own.seminar
    services.samling_schedule(
        veiledning=seminar.veiledning, type="seminar", start=seminar.start, slutt=seminar.slutt, sted=SCRIPT
    )
    paminnelser_send_due(now=seminar.start - timedelta(days=7) + timedelta(minutes=1))
    message = next(m for m in mail.outbox if m.to == ["hms1@example.com"])
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)  # nothing runs
    assert SCRIPT in message.body  # shown as the characters typed


def test_html_in_free_text_is_text_in_pdfs(world):
    from risikovurdering.reports import vurdering_pdf

    risk.risikoforhold_save(rad=world.own.rad, fields={"situasjon": SCRIPT}, versjon=1, by=world.own.users["hms"])
    text = "".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(vurdering_pdf(str(world.own.vurdering.pk), "nb"))).pages
    )
    assert '<script>alert("x")</script>' in text.replace("\n", "")


def test_generated_files_are_not_stored_by_caches(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.own.users["hms"])
    for url in (
        reverse("risikovurdering:eksport", args=[world.own.vurdering.pk, "csv"]),
        reverse("handlingsplan:xlsx", args=[world.own.plan.pk]),
        reverse("veiledning:samling_ics", args=[world.own.seminar.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], url
    client.force_login(world.veileder)
    url = reverse("veiledning:brev_pdf", args=[world.own.veiledning.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    response = client.get(url, {"last_ned": "1"})
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
