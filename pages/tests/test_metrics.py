"""/metrics (issue 22, begun): the service's gauges for Prometheus, to allowed addresses or a
token only."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core.models import Paminnelse

OUTSIDE = "203.0.113.7"  # a documentation address: never an allowed one


def test_metrics_are_refused_to_an_anonymous_client_from_outside(client):
    response = client.get(reverse("pages:metrics"), REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 403 and b"vts_" not in response.content


def test_an_outside_client_through_a_local_proxy_is_refused(client, settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get(reverse("pages:metrics"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDE)
    assert response.status_code == 403


def test_metrics_are_refused_with_a_wrong_token_and_shown_with_the_right_one(client, settings, db):
    settings.METRICS_TOKEN = "hemmelig-skrapenokkel"
    url = reverse("pages:metrics")
    assert client.get(url, REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer feil").status_code == 403
    response = client.get(url, REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer hemmelig-skrapenokkel")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=0.0.4")


def _values(client) -> dict[str, float]:
    text = client.get(reverse("pages:metrics")).content.decode()
    return {line.split()[0]: float(line.split()[1]) for line in text.splitlines() if line.startswith("vts_")}


def test_the_gauges_count_due_late_and_uncertain_reminders(client, world):
    before = _values(client)
    assert {"vts_report_queue", "vts_report_seconds_max", "vts_evaluation_answers_last_minute"} <= before.keys()
    now = timezone.now()
    rows = ((1, "planlagt", None), (30, "planlagt", None), (60, "sending", now - timedelta(minutes=30)))
    for minutes, state, sending in rows:
        Paminnelse.objects.create(
            kind="test", target=f"t:{minutes}", recipient="a@example.com", due_at=now - timedelta(minutes=minutes),
            state=state, sending_at=sending,
        )  # fmt: skip
    after = _values(client)
    assert after["vts_reminders_due"] - before["vts_reminders_due"] == 2
    assert after["vts_reminders_late"] - before["vts_reminders_late"] == 1
    assert after["vts_reminders_uncertain"] - before["vts_reminders_uncertain"] == 1
