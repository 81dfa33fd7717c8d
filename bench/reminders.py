"""Dispatch N due reminders through a local SMTP sink and time the bookkeeping. Prints
one JSON line.

    python bench/reminders.py [N]"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup_django import setup

RECIPIENT = "benk.{i}@example.com"
KIND = "risiko_gjennomgang"


class Sink:
    """Counts what arrives, keeps nothing."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def _due_rows(count: int) -> None:
    """Review reminders for the scale data's assessments, due a minute ago."""
    from datetime import timedelta

    from django.utils import timezone

    from core.models import Paminnelse
    from core.reminders import target_of
    from risikovurdering.models import Risikovurdering

    Paminnelse.objects.filter(recipient__startswith="benk.").delete()
    targets = [target_of(v) for v in Risikovurdering.objects.filter(niva="skole").order_by("pk")[:count]]
    due = timezone.now() - timedelta(minutes=1)
    Paminnelse.objects.bulk_create(
        Paminnelse(
            kind="risiko_gjennomgang",
            target=targets[i % len(targets)],
            recipient=RECIPIENT.format(i=i),
            language="nb",
            due_at=due,
        )
        for i in range(count)
    )


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(count: int) -> dict:
    from aiosmtpd.controller import Controller
    from django.conf import settings

    from core.models import Paminnelse
    from core.reminders import paminnelser_send_due

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    try:
        _due_rows(count)
        started = time.perf_counter()
        handled = 0
        while batch := paminnelser_send_due(limit=count):
            handled += batch
        seconds = time.perf_counter() - started
    finally:
        controller.stop()
    sent = Paminnelse.objects.filter(recipient__startswith="benk.", state=Paminnelse.State.SENDT).count()
    return {"rows": count, "handled": handled, "sent": sent, "received": sink.received, "seconds": seconds}


if __name__ == "__main__":
    setup()
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)))
