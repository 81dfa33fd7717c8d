"""The face (issue 17), swept: every page each persona reaches (every GET in the access
table that answers them with a page), in nb, nn and en, at 1280 and 390 px, in Chromium.
A real user saw the navigation break words ("Sektorvurderi ng", "Bokm ål", "Outbo x"), risk
tags wrap as "Midde ls", tables break every word at 390 px, and a heat map with no colours.

Per page: no word of the navigation, a table cell or header, a tag or a button breaks
across lines (each word's client rects are on one line), no horizontal scroll, heat-map
cells differ in computed colour by level, form controls' edges stand out at 3:1 (WCAG 1.4.11),
and axe (WCAG 2.1 AA, contrast included) is clean.
One browser context per persona; each page's screenshot is saved under var/ for review."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import axe_violations, login
from tests.test_access import ACCESS, _paminnelse_for, _token_for

PERSONAS = ("anon", "veileder", "skoleeier", "hms")
LANGUAGES = (("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English"))
WIDTHS = (1280, 390)
SHOTS = Path(settings.VAR_DIR) / "screenshots"
# Pages that are steps of a flow the sweep would spoil for the next page (logging out).
SKIP = {"accounts:logout"}

# Words that must stay whole; e-mail addresses and links may wrap where they must.
BROKEN_WORDS_JS = """(selector) => {
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length) continue;  // not shown at this width
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = /[^\\s\\-–\\/]+/g;
      let m;
      while ((m = words.exec(node.textContent))) {
        if (m[0].includes("@") || m[0].length > 30) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(`${el.tagName.toLowerCase()}.${el.className}: "${m[0]}"`);
      }
    }
  }
  return [...new Set(out)];
}"""
WORDS = ".menu-link, .language-switcher button, th, td, .ds-tag, .ds-button, label, legend"

HEATMAP_JS = """() => {
  const colours = {};
  for (const td of document.querySelectorAll('.heatmap td[class*="risk-"]')) {
    const level = [...td.classList].find(c => c.startsWith('risk-'));
    (colours[level] ||= new Set()).add(getComputedStyle(td).backgroundColor);
  }
  return Object.fromEntries(Object.entries(colours).map(([k, v]) => [k, [...v]]));
}"""


# WCAG 1.4.11: a form control's edge at 3:1 or more against what is behind it (a real user
# found radio buttons and checkboxes with very faint borders).
CONTROL_EDGES_JS = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const behind = el => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')) {
    if (!el.getClientRects().length) continue;
    const edge = rgb(getComputedStyle(el).borderTopColor).slice(0, 3);
    const [a, b] = [lum(edge), lum(behind(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 3) out.push(`${el.tagName.toLowerCase()}[${el.type}] ${el.name}: ${ratio.toFixed(2)}:1`);
  }
  return out;
}"""


def _pages(world, persona: str) -> list[tuple[str, str]]:
    """Every page the persona reaches in its own Kommune, as (url name, path)."""
    world.token, world.paminnelse = _token_for, _paminnelse_for
    user = world.user(persona)
    client = Client()
    if user:
        client.force_login(user)
    found = []
    for name, (method, kwargs_for, expected) in sorted(ACCESS.items()):
        if method != "get" or expected[persona][0] != 200 or name in SKIP:
            continue
        path = reverse(name, kwargs=kwargs_for(world.own, world) if kwargs_for else None)
        response = client.get(path)
        # Pages only: not files, nor the fragments htmx swaps into a page (seminar answers).
        if (
            response.status_code == 200
            and response["Content-Type"].startswith("text/html")
            and b"<html" in response.content
        ):
            found.append((name, path))
    return found


def _check(page, where: str, problems: list[str]) -> None:
    width = page.viewport_size["width"]
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll > width:
        problems.append(f"{where}: {scroll}px wide")
    if width < 1024 and page.locator(".menu-button").count():
        page.locator(".menu-button").click()  # the folded navigation, open
        broken = page.evaluate(BROKEN_WORDS_JS, WORDS)
        page.keyboard.press("Escape")
    else:
        broken = page.evaluate(BROKEN_WORDS_JS, WORDS)
    problems += [f"{where}: broken word {b}" for b in broken]
    problems += [f"{where}: faint control edge {c}" for c in page.evaluate(CONTROL_EDGES_JS)]
    heat = page.evaluate(HEATMAP_JS)
    if heat:
        flat = [c for colours in heat.values() for c in colours]
        if len(set(flat)) < len(heat) or "rgb(255, 255, 255)" in flat or "rgba(0, 0, 0, 0)" in flat:
            problems.append(f"{where}: heat map colours {heat}")
    problems += [f"{where}: axe {json.dumps(v)}" for v in axe_violations(page)]


def _shot(page, persona: str, language: str, name: str) -> None:
    path = SHOTS / persona / f"{re.sub(r'[^a-z0-9]+', '-', name)}-{language}-{page.viewport_size['width']}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_in_every_language_at_desktop_and_phone_width(browser, live_server, world, persona):
    pages = _pages(world, persona)
    assert len(pages) >= 3, pages
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    if world.user(persona):
        login(page, world.user(persona).email)
    problems: list[str] = []
    for language, button in LANGUAGES:
        page.goto(pages[0][1])
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()
        assert page.evaluate("() => document.documentElement.lang") == language
        for name, path in pages:
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(path)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                _check(page, f"{persona} {language} {width} {name}", problems)
                _shot(page, persona, language, name)
    context.close()
    assert problems == [], "\n".join(problems)
