"""Every request renews the eight-hour session, but the row is written at most once a
minute (issue 10: a write per page view was the largest fixed cost of a page)."""

import time

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.middleware import RENEWED_AT


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]]


def _age_session(client, seconds: int) -> None:
    session = client.session
    session[RENEWED_AT] = int(time.time()) - seconds
    session.save()


def test_a_request_renews_the_session_once_a_minute_at_most(client, world):
    client.force_login(world.own.users["hms"])
    client.get(reverse("pages:home"))
    with CaptureQueriesContext(connection) as recent:
        client.get(reverse("pages:home"))
    assert _writes(recent) == []
    _age_session(client, 61)
    before = Session.objects.get(session_key=client.session.session_key).expire_date
    with CaptureQueriesContext(connection) as stale:
        client.get(reverse("pages:home"))
    assert len(_writes(stale)) == 1
    assert Session.objects.get(session_key=client.session.session_key).expire_date > before


def test_choosing_to_stay_logged_in_renews_at_once(client, world):
    client.force_login(world.own.users["hms"])
    client.get(reverse("pages:home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:keepalive")).status_code == 204
    assert len(_writes(queries)) == 1


def test_anonymous_requests_write_no_session(client, world):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("pages:accessibility"))
    assert _writes(queries) == []
