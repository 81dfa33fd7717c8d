"""No input breaks it (issue 15): every URL of the marker world, as the personas that reach
its forms, fetched with hostile query values, and every form found on a page posted with
hostile values in every field. Any 5xx fails, with the URL, the value and the exception.

The world is the leak test's (tests/test_markers.py): two Kommuner, three schools, content
everywhere, so every page and form exists."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_markers import URLS, MarkerWorld

HOSTILE = {
    "huge": "x" * 100_000,
    "nul": "a\x00b",
    "superscript": "²",
    "fullwidth": "９６４３３８４２２",
    "digits31": "9" * 31,
    "negative": "-1",
    "far_future": "9999-12-31",
    "far_past": "0001-01-01",
    "markup": "<script>alert(1)</script>",
}
# Every query parameter a view reads today, plus a few it might.
QUERY_NAMES = (
    "page", "fylke", "steg", "veileder", "rad", "forslag", "sorter", "format", "status", "last_ned", "q",
    "next", "skole", "veiledning", "fmt", "type", "fase", "s", "a", "skoletype", "fra", "til",
)  # fmt: skip
SKIP_ACTIONS = ("/logg-ut/",)  # posting it ends the session the sweep runs in
PERSONAS = ("anon", "veileder", "eierA", "hvoA", "rektorA1", "voA1")


class Forms(HTMLParser):
    """The POST forms of a page: action and field names (inputs, textareas, selects)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": set()}
            self.forms.append(self._current)
        elif tag in ("input", "textarea", "select") and self._current is not None and attrs.get("name"):
            if attrs.get("type") not in ("submit", "button"):
                self._current["fields"].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_on(html: str, page_url: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        form["action"] = urlsplit(form["action"] or page_url).path or page_url
    return [f for f in parser.forms if not f["action"].startswith(SKIP_ACTIONS)]


def _failure(method, url, what, response) -> str | None:
    if response.status_code < 500:
        return None
    exc = getattr(response, "exc_info", None)
    reason = f"{exc[0].__name__}: {str(exc[1])[:200]}" if exc else ""
    return f"{method} {url} [{what}] -> {response.status_code} {reason}"


def _urls(world) -> list[str]:
    return [
        reverse(name, kwargs=kwargs or None)
        for name, kwargs_for in sorted(URLS.items())
        if kwargs_for is not None
        for kwargs in kwargs_for(world)
    ]


def sweep(client: Client, world) -> list[str]:
    failures, forms = [], {}
    for url in _urls(world):
        response = client.get(url)
        failures.append(_failure("GET", url, "plain", response))
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            for form in forms_on(response.content.decode(), url):
                forms.setdefault((form["action"], frozenset(form["fields"])), form)
        for what, value in HOSTILE.items():
            response = client.get(url, {name: value for name in QUERY_NAMES})
            failures.append(_failure("GET", url, f"query {what}", response))
    for form in forms.values():
        for what, value in HOSTILE.items():
            data = {name: value for name in form["fields"] if name != "csrfmiddlewaretoken"}
            response = client.post(form["action"], data)
            failures.append(_failure("POST", form["action"], f"{what} in {sorted(data)}", response))
    return [f for f in failures if f]


@pytest.fixture
def fuzz_world(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return MarkerWorld()


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_hostile_input_gives_a_server_error(fuzz_world, persona, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    if persona != "anon":
        client.force_login(fuzz_world.users[persona])
    failures = sweep(client, fuzz_world)
    assert failures == [], "\n".join(failures)


def test_the_sweep_finds_the_forms_it_must_post():
    """The sweep is only as good as its form finder."""
    html = (
        '<form method="post" action="/a/"><input name="x"><textarea name="y"></textarea>'
        '<select name="z"></select><button type="submit" name="go">ok</button></form>'
        '<form method="get"><input name="q"></form><form method="post"><input name="w"></form>'
        '<form method="post" action="/logg-ut/"><input name="n"></form>'
    )
    found = forms_on(html, "/side/")
    assert [(f["action"], sorted(f["fields"])) for f in found] == [("/a/", ["x", "y", "z"]), ("/side/", ["w"])]
