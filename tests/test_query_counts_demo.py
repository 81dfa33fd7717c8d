"""Each key page runs the same number of queries on the demo data (`seed_demo`) and with
ten times as many rows behind it (issue 10). Counted on the rendering path: caches are
cleared first, and the session's once-a-minute renewal is taken by a warm-up request."""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from demo.vestland import FIRST, demo_orgnr
from evaluering.models import Evaluering
from evaluering.services import besvarelse_submit, evaluering_set_window
from handlingsplan.models import Handlingsplan
from handlingsplan.services import tiltak_create
from kommuner.models import Kommune
from kommuner.services import skole_upsert
from risikovurdering import services as risk
from risikovurdering.models import Risikovurdering


@dataclass
class Demo:
    veileder: User
    skoleeier: User
    rektor: User
    bergen: Kommune
    vurdering: Risikovurdering
    plan: Handlingsplan
    evaluering: Evaluering


@pytest.fixture
def demo(db) -> Demo:
    call_command("seed_demo", stdout=StringIO())
    rektor = User.objects.get(email="rektor@example.com")
    skole = rektor.kontakter.get().skole
    return Demo(
        veileder=User.objects.get(email="veileder@example.com"),
        skoleeier=User.objects.get(email="skoleeier@example.com"),
        rektor=rektor,
        bergen=Kommune.objects.get(nummer=FIRST),
        vurdering=Risikovurdering.objects.get(skole=skole, status="ferdig"),
        plan=Handlingsplan.objects.get(skole=skole),
        evaluering=Evaluering.objects.exclude(besvarelser=None)
        .filter(samling__veiledning__kommune__nummer="4614")
        .get(),
    )


def _queries(user: User | None, url: str) -> int:
    client = Client()
    if user:
        client.force_login(user)
    assert client.get(url).status_code == 200, url
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _finished_with_rows(skole, rows: int) -> Risikovurdering:
    vurdering = risk.risikovurdering_create(niva="trinn", skole=skole, enhet="Tidel", by=None)
    for i in range(rows):
        risk.risikoforhold_create(
            vurdering=vurdering, by=None,
            fields={"hvor": "gang", "nar": "friminutt", "hendelse": "slag", "situasjon": f"Rad {i}",
                    "sannsynlighet": i % 4, "alvorlighet": i % 3},
        )  # fmt: skip
    return risk.risikovurdering_set_ferdig(vurdering=vurdering, by=None)


def test_dashboard(demo):
    from conftest import make_tenant

    url = reverse("veiledning:dashboard")
    before = _queries(demo.veileder, url)
    mine = demo.veileder.veiledninger.count()
    for n in range(10, 10 + 9 * mine):
        make_tenant(n, veileder=demo.veileder)
    assert demo.veileder.veiledninger.count() == 10 * mine
    assert _queries(demo.veileder, url) == before


def test_kommunens_oversikt(demo):
    url = reverse("risikovurdering:oversikt", args=[demo.bergen.orgnr])
    before = _queries(demo.skoleeier, url)
    schools = demo.bergen.skoler.count()
    for n in range(9 * schools):
        skole, _ = skole_upsert(
            orgnr=demo_orgnr(7_100_000 + n),
            fields={"navn": f"Skole {n}", "kommune": demo.bergen, "skoletype": "kombinert"},
        )
        _finished_with_rows(skole, 3)
    assert _queries(demo.skoleeier, url) == before


def test_risk_assessment(demo):
    rows = demo.vurdering.rader.count()
    before = _queries(demo.rektor, reverse("risikovurdering:detail", args=[demo.vurdering.pk]))
    bigger = _finished_with_rows(demo.vurdering.skole, 10 * rows)
    assert _queries(demo.rektor, reverse("risikovurdering:detail", args=[bigger.pk])) == before


def test_action_plan(demo):
    url = reverse("handlingsplan:detail", args=[demo.plan.pk])
    before = _queries(demo.rektor, url)
    measures = demo.plan.tiltak.count()
    rows = list(demo.vurdering.rader.all())
    for n in range(9 * measures):
        tiltak_create(
            plan=demo.plan, by=None, risikoforhold=rows[n % len(rows) : n % len(rows) + 1],
            fields={"beskrivelse": f"Tiltak {n}", "omrade": "tiltak", "ansvarlig_rolle": "rektor"},
        )  # fmt: skip
    assert demo.plan.tiltak.count() == 10 * measures
    assert _queries(demo.rektor, url) == before


def test_evaluation_form_and_results(demo):
    from django.utils import timezone

    evaluering = evaluering_set_window(
        evaluering=demo.evaluering, apner_at=timezone.now() - timezone.timedelta(minutes=1),
        lukker_at=timezone.now() + timezone.timedelta(days=1), by=None,
    )  # fmt: skip
    form = reverse("evaluering:svar", args=[evaluering.token])
    results = reverse("evaluering:resultater", args=[evaluering.pk])
    before = (_queries(None, form), _queries(demo.veileder, results))
    responses = evaluering.besvarelser.count()
    for n in range(9 * responses):
        besvarelse_submit(
            evaluering=evaluering, device_token=f"ti-{n}", answers={"kunnskap": 1 + n % 5, "kommentar": "Nyttig"},
            rolle="verneombud",
        )  # fmt: skip
    assert evaluering.besvarelser.count() == 10 * responses
    assert (_queries(None, form), _queries(demo.veileder, results)) == before
