"""The seminar view for the projector (issue 18), as the server renders it: its own page
without the site's navigation, every part of the day in order, the current agenda item
marked, the kommuneledelse task, the evaluation's QR code last, behaviour in a static
script (the browser test drives the keys: tests/browser/test_seminar_view.py)."""

import re
from datetime import datetime, time

import time_machine
from django.urls import reverse
from django.utils import timezone

from veiledning import services


def _seminar_page(client, world) -> str:
    client.force_login(world.veileder)
    response = client.get(reverse("veiledning:seminar", args=[world.own.veiledning.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_seminar_view_has_no_site_navigation_and_its_own_script(client, world):
    html = _seminar_page(client, world)
    assert "<nav" not in html and "site-header" not in html and "site-footer" not in html
    assert 'class="ds-skip-link" href="#innhold"' in html and 'id="innhold"' in html
    assert re.search(r'<html lang="nb"', html)
    assert "js/seminar.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert " style=" not in html


def test_the_parts_run_from_the_agenda_to_the_evaluation(client, world):
    html = _seminar_page(client, world)
    parts = re.findall(r"<section[^>]*data-part[^>]*>.*?<h[12][^>]*>(.*?)</h[12]>", html, re.S)
    titles = [re.sub(r"<[^>]+>", "", t).strip() for t in parts]
    assert "Plan for dagen" in html.split("data-part", 2)[1]  # the first part has the agenda
    assert any(t.startswith("Oppgave 1:") for t in titles), titles
    assert any("kommuneledelsen" in t for t in titles), titles
    assert titles[-1] == "Evaluering", titles
    assert 'alt="QR-kode til evalueringen"' in html.rsplit("data-part", 1)[1]
    kommune_task = html[html.index("kommuneledelsen") :]
    assert "Hvordan skal dere skape en kultur" in kommune_task  # its questions from the template


def test_the_current_agenda_item_is_marked_on_the_day(client, world):
    veiledning = world.own.veiledning
    day = timezone.localdate() + timezone.timedelta(days=20)
    start = timezone.make_aware(datetime.combine(day, time(9)))
    services.samling_schedule(veiledning=veiledning, type="seminar", start=start, slutt=start.replace(hour=13))
    with time_machine.travel(timezone.make_aware(datetime.combine(day, time(10, 10))), tick=False):
        html = _seminar_page(client, world)
    current = re.search(r'<li[^>]*aria-current="time"[^>]*>(.*?)</li>', html, re.S)
    assert current and "Gruppeoppgave 2" in current.group(1)


def test_the_answers_are_polled_by_htmx(client, world):
    html = _seminar_page(client, world)
    url = reverse("veiledning:seminar_svar", args=[world.own.veiledning.pk])
    assert f'data-hx-get="{url}?oppgave=oppgave1"' in html
    services.oppgavesvar_save(
        veiledning=world.own.veiledning, skole=world.own.skole, oppgave="oppgave1", sporsmal=0,
        tekst="Svar fra skolen", versjon=0, by=world.own.users["hms"],
    )  # fmt: skip
    fragment = client.get(url, {"oppgave": "oppgave1"}).content.decode()
    assert "Svar fra skolen" in fragment and "<html" not in fragment
    assert "Oppgave 2" not in fragment  # one task's answers
    assert "Svar fra skolen" in client.get(url).content.decode()  # without a task: all of them
