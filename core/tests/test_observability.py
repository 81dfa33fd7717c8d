"""Each request's id and timings (issue 22): the id on the response and in every log line,
kept from a proxy when plain; requests, latency, database and cache time by view in /metrics."""

import json
import logging

from django.urls import reverse

from core.observability import REQUEST_ID, JsonFormatter, RequestIdFilter

OUTSIDE = "203.0.113.7"


def test_every_response_carries_an_id_and_a_plain_one_from_the_proxy_is_kept(client, db):
    first = client.get(reverse("pages:accessibility"))["X-Request-ID"]
    second = client.get(reverse("pages:accessibility"))["X-Request-ID"]
    assert first and second and first != second
    kept = client.get(reverse("pages:accessibility"), HTTP_X_REQUEST_ID="proxy-abc-123")
    assert kept["X-Request-ID"] == "proxy-abc-123"
    hostile = client.get(reverse("pages:accessibility"), HTTP_X_REQUEST_ID='x"\\n{"level": "FAKE"}' + "y" * 100)
    assert hostile["X-Request-ID"] != 'x"\\n{"level": "FAKE"}' and len(hostile["X-Request-ID"]) == 32


def _metrics(client) -> str:
    return client.get(reverse("pages:metrics")).content.decode()


def _value(text: str, prefix: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def test_requests_latency_database_and_cache_time_by_view(client, world):
    client.force_login(world.own.users["hms"])
    before = _metrics(client)
    page = 'view="pages:home"'
    for _ in range(3):
        assert client.get(reverse("pages:home")).status_code == 200
    after = _metrics(client)
    count = f'vts_http_requests_total{{method="GET",status="200",{page}}}'
    assert _value(after, count) - _value(before, count) == 3
    for name in ("vts_http_request_seconds_count", "vts_http_db_queries_count", "vts_http_db_seconds_count",
                 "vts_http_cache_seconds_count"):  # fmt: skip
        assert _value(after, f"{name}{{{page}}}") - _value(before, f"{name}{{{page}}}") == 3, name
    assert _value(after, f"vts_http_db_queries_sum{{{page}}}") > _value(before, f"vts_http_db_queries_sum{{{page}}}")
    assert client.get(reverse("pages:metrics"), REMOTE_ADDR=OUTSIDE).status_code == 403


def test_a_log_line_is_json_with_the_request_id():
    record = logging.LogRecord("vts.test", logging.WARNING, __file__, 1, "noe gikk %s", ("galt",), None)
    token = REQUEST_ID.set("req-1")
    try:
        RequestIdFilter().filter(record)
    finally:
        REQUEST_ID.reset(token)
    entry = json.loads(JsonFormatter().format(record))
    assert entry == {
        **entry,
        "level": "warning",
        "logger": "vts.test",
        "message": "noe gikk galt",
        "request_id": "req-1",
    }
