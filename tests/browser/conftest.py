"""Browser harness: the app on a live server against the test database, Debian's
Chromium driven by Playwright (no browser download), login as any persona, and axe-core
from the npm registry on every page a journey visits."""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django must still let the
# test reach the database from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_JS = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


def login(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/logg-inn/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """axe-core with the WCAG 2.1 A and AA tags, no rule disabled (colour contrast included)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluate() runs in the page without a <script> tag, so the CSP stays as it is.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page, context: str = "") -> None:
    """Zero axe violations, and the page reflows at 320 px."""
    violations = axe_violations(page)
    assert violations == [], f"axe violations on {page.url} {context}:\n{json.dumps(violations, indent=1)}"
    # Every page checked here also reflows at 320 px (WCAG 1.4.10), then goes back.
    size = page.viewport_size
    assert_fits_width(page, 320)
    page.set_viewport_size(size)


def assert_fits_width(page, width: int = 320) -> None:
    """Usable on a phone: nothing forces sideways scrolling (WCAG 1.4.10)."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 720})
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(
            """(w) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w)
                .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`)""",
            width,
        )
        raise AssertionError(f"{page.url} is {scroll_width}px wide at {width}px: {wide[:8]}")
    page.set_viewport_size(size)
