"""The dispatcher against a real SMTP server on this machine (aiosmtpd): one session for a
whole run, and a refused recipient fails its own row only (issue 10)."""

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Paminnelse
from core.reminders import paminnelser_send_due, target_of


class Sink:
    def __init__(self):
        self.sessions, self.received = 0, []

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("finnes.ikke"):
            return "550 5.1.1 Ukjent mottaker"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received += envelope.rcpt_tos
        return "250 OK"


@pytest.fixture
def sink(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield handler
    controller.stop()


def _due(world, recipients):
    target = target_of(world.own.rad.vurdering)
    Paminnelse.objects.all().delete()  # only these in play (not the seminar's preparation, due at once)
    for recipient in recipients:
        Paminnelse.objects.create(
            kind="risiko_gjennomgang", target=target, recipient=recipient, language="nb",
            due_at=timezone.now() - timedelta(minutes=1),
        )  # fmt: skip


def test_one_smtp_session_for_a_whole_run(world, sink):
    _due(world, [f"person{i}@example.com" for i in range(25)])
    with CaptureQueriesContext(connection) as queries:
        assert paminnelser_send_due() == 25
    # The assessment all 25 are about is read once for the run, not once per reminder.
    assert sum('FROM "risikovurdering_risikovurdering"' in q["sql"] for q in queries) == 1
    assert sorted(sink.received) == sorted(f"person{i}@example.com" for i in range(25))
    assert sink.sessions == 1
    assert Paminnelse.objects.filter(state="sendt").count() == 25


def test_a_refused_recipient_fails_its_own_row_and_the_rest_go_out(world, sink):
    _due(world, ["a@example.com", "finnes.ikke@example.com", "b@example.com"])
    assert paminnelser_send_due() == 3
    states = dict(Paminnelse.objects.filter(kind="risiko_gjennomgang").values_list("recipient", "state"))
    assert states == {"a@example.com": "sendt", "finnes.ikke@example.com": "feilet", "b@example.com": "sendt"}
    assert "Ukjent mottaker" in Paminnelse.objects.get(recipient="finnes.ikke@example.com").error
    assert sorted(sink.received) == ["a@example.com", "b@example.com"]
    assert paminnelser_send_due() == 0  # never twice
