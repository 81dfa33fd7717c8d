"""Dispatch N due reminders through a local SMTP sink and time the bookkeeping. Prints
one JSON line.

    python bench/reminders.py [N]"""

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bench.setup_django import setup  # noqa: E402
from bench.smtp_sink import running_sink  # noqa: E402

RECIPIENT = "benk.{i}@example.com"
KIND = "risiko_gjennomgang"


def _due_rows(count: int) -> None:
    """Review reminders for the scale data's assessments, due a minute ago, three to each
    assessment (its HMS-gruppe: rektor, verneombud, tillitsvalgt)."""
    from datetime import timedelta

    from django.utils import timezone

    from core.models import Paminnelse
    from core.reminders import target_of
    from risikovurdering.models import Risikovurdering

    Paminnelse.objects.filter(recipient__startswith="benk.").delete()
    targets = [target_of(v) for v in Risikovurdering.objects.filter(niva="skole").order_by("pk")[: count // 3 + 1]]
    due = timezone.now() - timedelta(minutes=1)
    Paminnelse.objects.bulk_create(
        Paminnelse(
            kind=KIND, target=targets[i // 3 % len(targets)], recipient=RECIPIENT.format(i=i), language="nb", due_at=due
        )
        for i in range(count)
    )


def measure(count: int) -> dict:
    from django.conf import settings

    from core.models import Paminnelse
    from core.reminders import paminnelser_send_due

    with running_sink() as (port, received):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        _due_rows(count)
        started = time.perf_counter()
        handled = 0
        while batch := paminnelser_send_due():
            handled += batch
        seconds = time.perf_counter() - started
        arrived = received()
    sent = Paminnelse.objects.filter(recipient__startswith="benk.", state=Paminnelse.State.SENDT).count()
    return {"rows": count, "handled": handled, "sent": sent, "received": arrived, "seconds": seconds}


if __name__ == "__main__":
    setup()
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)))
