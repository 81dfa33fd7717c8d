"""Error pages in the site's layout and the visitor's language, with a way back, and never
a stack trace (issue 15): 400, 403, 404, 410, 429 and 500."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts.limits import LOGIN_PER_ACCOUNT
from evaluering.services import evaluering_set_window

LAYOUT = 'id="innhold"'


@pytest.fixture
def errors(settings):
    settings.ROOT_URLCONF = "tests.urls_errors"
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def _page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [("nb", "Noe gikk galt hos oss"), ("nn", "Noko gjekk gale hos oss"), ("en", "Something went wrong on our side")],
)
def test_a_server_error_is_our_page_in_the_visitors_language(errors, settings, language, words):
    errors.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = errors.get("/test/feil/")
    page = _page(response)
    assert response.status_code == 500
    assert words in page and LAYOUT in page and 'href="/"' in page
    assert "Traceback" not in page and "RuntimeError" not in page and "Server Error" not in page


def test_a_bad_request_is_our_page(errors):
    for url in ("/test/400/", "/test/mistenkelig/"):
        response = errors.get(url)
        assert response.status_code == 400
        assert "Noe var galt med forespørselen" in _page(response) and LAYOUT in _page(response)
        assert "Bad Request" not in _page(response)


def test_not_found_and_forbidden_are_our_pages(errors, world):
    response = errors.get("/finnes-ikke/")
    assert response.status_code == 404 and "Fant ikke siden" in _page(response) and LAYOUT in _page(response)
    errors.force_login(world.own.users["hms"])
    response = errors.get(reverse("veiledning:dashboard"))
    assert response.status_code == 403 and "Ingen tilgang" in _page(response)


def test_an_expired_form_is_explained(world, settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.own.users["skoleeier"])
    response = client.post(reverse("kommuner:deler_innhold", args=[world.own.kommune.orgnr]), {"deler_innhold": "1"})
    assert response.status_code == 403 and "Skjemaet er utløpt" in _page(response) and LAYOUT in _page(response)


def test_too_many_and_closed_are_our_pages(client, world):
    for _ in range(LOGIN_PER_ACCOUNT + 1):
        response = client.post(reverse("accounts:login"), {"username": "ingen@example.com", "password": "feil"})
    assert response.status_code == 429 and LAYOUT in _page(response) and "For mange forsøk" in _page(response)
    evaluering = world.own.seminar.evaluering
    closed = evaluering.apner_at - timedelta(days=30)  # a window that has passed (issue 18: before it, 200)
    evaluering_set_window(evaluering=evaluering, apner_at=closed, lukker_at=closed + timedelta(days=1), by=None)
    response = client.get(reverse("evaluering:svar", args=[evaluering.token]))
    assert response.status_code == 410 and LAYOUT in _page(response)


def test_the_plain_500_page_needs_no_database(errors, monkeypatch):
    """If the layout cannot render (its context needs the database), the words still come."""
    from django.shortcuts import render as real_render

    import core.views

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(core.views, "render", broken)
    response = errors.get("/test/feil/")
    assert response.status_code == 500 and "Noe gikk galt hos oss" in _page(response)
    assert real_render  # the real one is back after the test
