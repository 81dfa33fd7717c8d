"""The blank evaluation form is rendered once and served from the cache to every phone,
each with its own CSRF token (issue 10: the seminar burst)."""

import re
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluering import services


def _open(evaluering):
    now = timezone.now()
    return services.evaluering_set_window(
        evaluering=evaluering, apner_at=now - timedelta(minutes=5), lukker_at=now + timedelta(days=1), by=None
    )


def _token(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def test_each_phone_gets_the_cached_form_with_its_own_working_token(world):
    evaluering = _open(world.own.seminar.evaluering)
    url = reverse("evaluering:svar", args=[evaluering.token])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    body1 = first.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = second.get(url)
    body2 = response.content.decode()
    assert len(queries) == 0  # the evaluation and the form both come from the cache (issue 20)
    assert "Hva syntes du om dagen?" in body2 and "csrf-slot" not in body2
    assert _token(body1) != _token(body2) and second.cookies["csrftoken"].value
    posted = second.post(url, {"kunnskap": "5", "csrfmiddlewaretoken": _token(body2)})
    assert posted.status_code == 302
    assert evaluering.besvarelser.get().svar.get(sporsmal="kunnskap").verdi == 5


def test_the_cached_form_follows_language_and_changes_to_the_evaluation(world):
    evaluering = _open(world.own.seminar.evaluering)
    url = reverse("evaluering:svar", args=[evaluering.token])
    assert "Hva syntes du om dagen?" in Client().get(url).content.decode()
    assert "Kva syntest du om dagen?" in Client().get(url, HTTP_COOKIE="sprak=nn").content.decode()
    evaluering.refresh_from_db()
    services.evaluering_set_window(
        evaluering=evaluering, apner_at=evaluering.apner_at, lukker_at=timezone.now() - timedelta(seconds=1), by=None
    )
    assert Client().get(url).status_code == 410  # closed at once, whatever the cache holds


def test_a_phone_that_answered_sees_its_own_answers_not_the_cached_form(world):
    evaluering = _open(world.own.seminar.evaluering)
    url = reverse("evaluering:svar", args=[evaluering.token])
    phone = Client()
    phone.get(url)
    phone.post(url, {"kunnskap": "2", "rolle": "rektor"})
    body = phone.get(url).content.decode()
    assert "Du har svart før fra denne enheten" in body
    assert re.search(r'value="2"[^>]*checked', body)
