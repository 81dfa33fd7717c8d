"""What operators scrape (issue 22): the service's own gauges in Prometheus's text format,
read from the database at each scrape (a scrape a minute costs a few counts), and the
requests by view with their latency, database and cache time (core.observability).

Reachable from the addresses in METRICS_ALLOWED_ADDRESSES (by default this machine, but none
in production) or with `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 403."""

import hmac
from datetime import timedelta

from django.conf import settings
from django.db.models import Avg, F, Max
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from core import observability
from core.models import Paminnelse, Rapport
from core.ratelimit import client_address
from core.reminders import UNCERTAIN_AFTER
from evaluering.models import Besvarelse

LATE_AFTER = timedelta(minutes=5)  # the dispatcher runs every minute: five behind is late
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    # The client's address as the login limits see it: behind a reverse proxy on this machine
    # REMOTE_ADDR is the proxy's, and every outside client would look local.
    return client_address(request) in settings.METRICS_ALLOWED_ADDRESSES


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


class ServiceCollector:
    def collect(self):
        now = timezone.now()
        due = Paminnelse.objects.filter(state=Paminnelse.State.PLANLAGT, due_at__lte=now)
        yield _gauge("vts_reminders_due", "Reminders whose time has come and that are not sent yet.", due.count())
        yield _gauge(
            "vts_reminders_late", "Reminders due more than five minutes ago and not sent.",
            due.filter(due_at__lt=now - LATE_AFTER).count(),
        )  # fmt: skip
        yield _gauge(
            "vts_reminders_uncertain", "Reminders stuck while sending (sent or not is unknown: resend by hand).",
            Paminnelse.objects.filter(state=Paminnelse.State.SENDING, sending_at__lt=now - UNCERTAIN_AFTER).count(),
        )  # fmt: skip
        queue = Rapport.objects.filter(state__in=[Rapport.State.VENTER, Rapport.State.LAGES]).count()
        yield _gauge("vts_report_queue", "Reports asked for and not ready yet.", queue)
        done = Rapport.objects.filter(state=Rapport.State.KLAR, finished_at__gte=now - timedelta(hours=1)).aggregate(
            avg=Avg(F("finished_at") - F("created_at")), max=Max(F("finished_at") - F("created_at"))
        )
        for stat in ("avg", "max"):
            seconds = done[stat].total_seconds() if done[stat] else 0.0
            yield _gauge(
                f"vts_report_seconds_{stat}",
                f"Seconds from asking to a ready report, {stat} of the last hour.",
                seconds,
            )
        answers = Besvarelse.objects.filter(updated_at__gte=now - timedelta(minutes=1)).count()
        yield _gauge("vts_evaluation_answers_last_minute", "Evaluation answers saved in the last minute.", answers)


def exposition() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ServiceCollector())
    return generate_latest(registry) + generate_latest(observability.registry())
