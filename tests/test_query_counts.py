"""The number of queries per key page does not grow with the data (10 × the rows)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluering.services import besvarelse_submit, evaluering_set_window
from handlingsplan.services import tiltak_create
from risikovurdering.services import risikoforhold_create


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(world, times: int) -> None:
    from django.utils import timezone

    vurdering, plan = world.own.vurdering, world.own.plan
    for i in range(times):
        rad = risikoforhold_create(
            vurdering=vurdering,
            by=None,
            fields={"hvor": "gang", "situasjon": f"Rad {i}", "sannsynlighet": i % 4, "alvorlighet": i % 3},
        )
        tiltak_create(
            plan=plan,
            fields={"beskrivelse": f"Tiltak {i}", "omrade": "tiltak", "ansvarlig_rolle": "rektor"},
            risikoforhold=[rad],
            by=None,
        )
    evaluering = world.own.seminar.evaluering
    now = timezone.now()
    evaluering = evaluering_set_window(
        evaluering=evaluering,
        apner_at=now - timezone.timedelta(minutes=1),
        lukker_at=now + timezone.timedelta(days=1),
        by=None,
    )
    for i in range(times):
        besvarelse_submit(
            evaluering=evaluering,
            device_token=f"q{times}-{i}",
            answers={"kunnskap": 3, "kommentar": "ok"},
            rolle="rektor",
        )


def test_key_pages_keep_their_query_count_as_data_grows(client, world):
    from conftest import make_tenant

    pages = {
        "hms": [
            reverse("risikovurdering:detail", args=[world.own.vurdering.pk]),
            reverse("handlingsplan:detail", args=[world.own.plan.pk]),
        ],
        "skoleeier": [
            reverse("risikovurdering:oversikt", args=[world.own.kommune.orgnr]),
            reverse("handlingsplan:oversikt", args=[world.own.kommune.orgnr]),
        ],
        "veileder": [
            reverse("veiledning:dashboard"),
            reverse("veiledning:detail", args=[world.own.veiledning.pk]),
            reverse("evaluering:resultater", args=[world.own.seminar.evaluering.pk]),
        ],
    }

    def counts() -> dict[str, int]:
        cache.clear()  # the rendering path, not the cached one
        out = {}
        for persona, urls in pages.items():
            client.force_login(world.veileder if persona == "veileder" else world.own.users[persona])
            out.update({url: _count(client, url) for url in urls})
        client.logout()
        out["form"] = _count(client, reverse("evaluering:svar", args=[world.own.seminar.evaluering.token]))
        return out

    _grow(world, 3)
    small = counts()
    _grow(world, 27)  # ten times the rows
    for n in range(5, 8):
        make_tenant(n, veileder=world.veileder)  # and more Veiledninger on the dashboard
    assert counts() == small
