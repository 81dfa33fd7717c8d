import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Rapport
from demo.vestland import demo_orgnr
from kommuner.services import skole_upsert
from risikovurdering import services


def _school_with_finished_assessment(kommune, n: int) -> None:
    skole, _ = skole_upsert(
        orgnr=demo_orgnr(7_000_000 + n), fields={"navn": f"Skole {n}", "kommune": kommune, "skoletype": "barneskole"}
    )
    vurdering = services.risikovurdering_create(niva="skole", skole=skole, by=None)
    services.risikoforhold_create(
        vurdering=vurdering, by=None, fields={"hvor": "gang", "nar": "friminutt", "hendelse": "slag",
                                              "sannsynlighet": n % 4, "alvorlighet": n % 3},
    )  # fmt: skip
    services.risikovurdering_set_ferdig(vurdering=vurdering, by=None)


def _queries(client, url) -> int:
    client.get(url)  # the session's once-a-minute renewal is not the page's cost
    cache.clear()  # count the rendering, not the cached overview
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_oversikt_query_count_is_the_same_with_5_and_50_schools(client, world):
    kommune = world.own.kommune
    client.force_login(world.own.users["skoleeier"])
    url = reverse("risikovurdering:oversikt", args=[kommune.orgnr])
    for n in range(5):
        _school_with_finished_assessment(kommune, n)
    with_5 = _queries(client, url)
    for n in range(5, 50):
        _school_with_finished_assessment(kommune, n)
    with_50 = _queries(client, url)
    assert with_5 == with_50
    body = client.get(url).content.decode()
    assert "Testskole 1" in body  # the one school without a finished assessment


def test_oversikt_is_rendered_once_per_data_version_and_shows_changes_at_once(client, world):
    kommune = world.own.kommune
    client.force_login(world.own.users["skoleeier"])
    url = reverse("risikovurdering:oversikt", args=[kommune.orgnr])
    _school_with_finished_assessment(kommune, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        assert "Bygger på 1 ferdig vurdering" in client.get(url).content.decode()
    assert len(cached) < _queries(client, url)
    skole_upsert(orgnr=demo_orgnr(7_000_099), fields={"navn": "Nyskolen", "kommune": kommune, "skoletype": "kombinert"})
    assert "Nyskolen" in client.get(url).content.decode()  # a new school without one: listed at once
    _school_with_finished_assessment(kommune, 2)
    assert "Bygger på 2 ferdige vurderinger" in client.get(url).content.decode()


def test_report_renders_in_a_job_not_the_request_and_is_then_cached(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.own.users["hms"])
    url = reverse("risikovurdering:rapport", args=[world.own.vurdering.pk])
    assert "Lag rapporten" in client.get(url).content.decode()
    assert not Rapport.objects.exists()  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=False) as jobs:
        response = client.post(url)
    assert response.status_code == 302
    assert "Rapporten lages" in client.get(url).content.decode()
    rapport = Rapport.objects.get()
    assert rapport.state == "venter" and rapport.pdf is None  # nothing rendered inside the request
    assert len(jobs) == 1
    jobs[0]()  # the worker's turn
    rapport.refresh_from_db()
    assert rapport.state == "klar"

    first = client.get(url + "?last_ned=1")
    second = client.get(url + "?last_ned=1")
    assert first["Content-Type"] == "application/pdf" and first["X-Rapport"] == "cache"
    assert bytes(second.content) == bytes(first.content)
    assert Rapport.objects.count() == 1  # served from the cache, not rendered again

    # A change to the data makes a new version.
    services.risikoforhold_save(rad=world.own.rad, fields={"situasjon": "Ny"}, versjon=1, by=world.own.users["hms"])
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(url).status_code == 302
    assert Rapport.objects.count() == 2


def test_row_editor_keeps_input_and_shows_the_conflict(client, world):
    hms, vo = world.own.users["hms"], world.own.users["verneombud"]
    rad = world.own.rad
    services.risikoforhold_save(rad=rad, fields={"situasjon": "Lagret først"}, versjon=1, by=hms)
    client.force_login(vo)
    response = client.post(
        reverse("risikovurdering:rad_autosave", args=[rad.pk]), {"versjon": 1, "situasjon": "Min tekst", "hvor": "gang"}
    )
    body = response.content.decode()
    assert "Noen andre har lagret en nyere versjon" in body and "Min tekst" in body and "Lagret først" in body
    response = client.post(
        reverse("risikovurdering:rad", args=[rad.pk]),
        {"versjon": 1, "situasjon": "Min tekst", "hvor": "gang", "behold": "1", "behold_versjon": 2},
    )
    assert response.status_code == 302
    rad.refresh_from_db()
    assert rad.situasjon == "Min tekst"


def test_veileder_sees_counts_not_content_unless_shared(client, world):
    client.force_login(world.veileder)
    url = reverse("risikovurdering:detail", args=[world.own.vurdering.pk])
    body = client.get(url).content.decode()
    assert "Trengsel" not in body and "deler ikke innholdet" in body
    from kommuner.services import kommune_set_deler_innhold

    kommune_set_deler_innhold(kommune=world.own.kommune, deler_innhold=True, by=world.own.users["skoleeier"])
    assert "Trengsel" in client.get(url).content.decode()


def test_sektor_assessment_is_shown_on_the_school_page(client, world):
    client.force_login(world.own.users["hms"])
    body = client.get(reverse("risikovurdering:skole_list", args=[world.own.skole.pk])).content.decode()
    assert reverse("risikovurdering:detail", args=[world.own.sektor.pk]) in body


def test_the_parties_comment_on_the_sektor_assessment(client, world):
    url = reverse("risikovurdering:kommentar", args=[world.own.sektor.pk])
    client.force_login(world.own.users["hvo"])
    response = client.post(url, {"tekst": "Kari Hansen ble slått"})
    assert response.status_code == 400 and "kan identifisere" in response.content.decode()
    assert "Kari Hansen ble slått" in response.content.decode()  # the text is kept
    response = client.post(url, {"tekst": "Bemanningen i SFO må med i planen."})
    assert response.status_code == 302
    body = client.get(reverse("risikovurdering:detail", args=[world.own.sektor.pk])).content.decode()
    assert "Bemanningen i SFO" in body and "hovedverneombud" in body


def test_cached_rows_and_history_follow_every_change(client, world):
    from core.audit import audit_redact, history_for

    rad = world.own.rad
    client.force_login(world.own.users["hms"])
    url = reverse("risikovurdering:detail", args=[rad.vurdering_id])
    client.get(url)
    client.get(url)  # now from the cache
    services.risikoforhold_save(
        rad=rad,
        fields={"situasjon": "Uro i garderoben før kroppsøving"},
        versjon=rad.versjon,
        by=world.own.users["hms"],
    )
    body = client.get(url).content.decode()
    assert "Uro i garderoben før kroppsøving" in body  # the rows table
    assert "endret situasjon i risikoforholdet Gang / friminutt" in body  # the history entry, in words
    entry = history_for(rad).filter(action="update").first()
    audit_redact(entry=entry, by=world.admin)
    body = client.get(url).content.decode()
    assert "sensurert" in body


def test_a_heat_map_square_filters_the_rows_and_a_bad_square_is_a_400(client, world):
    vurdering, hms = world.own.vurdering, world.own.users["hms"]
    fields = {"hvor": "ute", "sannsynlighet": 3, "alvorlighet": 2, "situasjon": "Kniv i skolegården"}
    services.risikoforhold_create(vurdering=vurdering, by=hms, fields=fields)
    fields = {"hvor": "klasserom", "sannsynlighet": 0, "alvorlighet": 0, "situasjon": "Skjellsord i timen"}
    services.risikoforhold_create(vurdering=vurdering, by=hms, fields=fields)
    client.force_login(hms)
    url = reverse("risikovurdering:detail", args=[vurdering.pk])

    body = client.get(url).content.decode()
    assert "Kniv i skolegården" in body and "Skjellsord i timen" in body
    assert 'href="?s=3&amp;a=2#rader"' in body  # each square of the map links to its rows

    body = client.get(url, {"s": 3, "a": 2}).content.decode()  # after the unfiltered page was cached
    assert "Kniv i skolegården" in body and "Skjellsord i timen" not in body
    assert "Viser bare risikoforholdene i ruten sannsynlighet «Daglig», alvorlighetsgrad «Svært alvorlig»." in body
    assert re.search(r'<a href="\?#rader">Vis alle</a>', body)

    body = client.get(url, {"s": 1, "a": 1}).content.decode()
    assert "Ingen risikoforhold i denne ruten." in body and "Kniv i skolegården" not in body
    assert "Skjellsord i timen" in client.get(url).content.decode()  # all again

    for bad in ({"s": 4, "a": 0}, {"s": 0, "a": 3}, {"s": -1, "a": 0}, {"s": "²", "a": "0"}, {"s": "1"}, {"a": "x"}):
        assert client.get(url, bad).status_code == 400, bad
