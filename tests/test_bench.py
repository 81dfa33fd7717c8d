"""The benchmark harness measures what it claims: its sessions are real logged-in
sessions (second factor included), its SMTP sink counts what arrives, and its table
shows the ratio to the bare view. The figures themselves live in docs/performance.md;
no test asserts on time."""

import smtplib
from email.message import EmailMessage

from django.test import Client
from django.urls import reverse

from bench.prepare import session_cookie
from bench.run import table
from bench.smtp_sink import running_sink


def _client_with(cookie: str) -> Client:
    client = Client()
    for part in cookie.split("; "):
        name, value = part.split("=", 1)
        client.cookies[name] = value
    return client


def test_bench_sessions_are_logged_in_past_the_second_factor(world, settings):
    settings.REQUIRE_2FA = True
    veileder = _client_with(session_cookie(world.veileder.email))
    assert veileder.get(reverse("veiledning:dashboard")).status_code == 200
    hms = _client_with(session_cookie(world.own.users["hms"].email))
    assert hms.get(reverse("risikovurdering:detail", args=[world.own.vurdering.pk])).status_code == 200
    assert Client().get(reverse("veiledning:dashboard")).status_code == 302  # without it: to login


def test_the_smtp_sink_counts_what_arrives():
    with running_sink() as (port, received):
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for n in range(3):
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = "a@example.com", f"b{n}@example.com", "Hei"
                message.set_content("Test")
                smtp.send_message(message)
        assert received() == 3


def test_the_table_shows_each_page_against_the_bare_view():
    row = {"requests": 0, "duration_us": 0, "errors": 0, "p50_us": 2000, "p95_us": 3000, "p99_us": 4000}
    results = {
        "connections": 16,
        "duration": 20,
        "load": {"bare": {**row, "rps": 4000.0}, "oversikt": {**row, "rps": 400.0, "errors": 2}},
    }
    lines = table(results).splitlines()
    oversikt = next(line for line in lines if line.startswith("oversikt"))
    assert oversikt.split() == ["oversikt", "400", "2.0", "3.0", "4.0", "2", "0.10", "0.00", "0.00"]
