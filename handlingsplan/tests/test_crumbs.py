"""The breadcrumb on a plan leads where the reader may go: a rektor's to their own school,
and every link on the plans overview opens for the one who reads it."""

import re

import pytest
from django.urls import reverse

from demo.vestland import demo_orgnr
from handlingsplan.services import handlingsplan_get_or_create
from kommuner.services import skole_upsert


@pytest.fixture
def nabo(world):
    """A second school in the same Kommune, with a plan of its own."""
    skole, _ = skole_upsert(
        orgnr=demo_orgnr(7_100_001),
        fields={"navn": "Naboskolen", "kommune": world.own.kommune, "skoletype": "barneskole"},
    )
    handlingsplan_get_or_create(kommune=world.own.kommune, skole=skole)
    return skole


def _crumbs(body: str) -> list[str]:
    nav = body[body.index("<ds-breadcrumbs") : body.index("</ds-breadcrumbs>")]
    return re.findall(r'href="([^"]+)"', nav)


def _main_links(body: str) -> set[str]:
    main = body[body.index("<main") : body.index("</main>")]
    return {h for h in re.findall(r'href="(/[^"#?]*)', main) if not h.endswith((".xlsx", "/rapport/"))}


def test_a_rektors_breadcrumb_leads_to_their_own_school(client, world, nabo):
    client.force_login(world.own.users["hms"])
    body = client.get(reverse("handlingsplan:detail", args=[world.own.plan.pk])).content.decode()
    crumbs = _crumbs(body)
    assert reverse("pages:skole", args=[world.own.skole.pk]) in crumbs
    assert reverse("handlingsplan:oversikt", args=[world.own.kommune.orgnr]) not in crumbs
    for url in crumbs:
        assert client.get(url).status_code == 200, url


def test_a_school_members_breadcrumb_on_the_kommunes_plan_opens(client, world):
    client.force_login(world.own.users["verneombud"])
    body = client.get(reverse("handlingsplan:detail", args=[world.own.kommune_plan.pk])).content.decode()
    for url in _crumbs(body):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["hms", "verneombud", "skoleeier", "hvo", "bht"])
def test_every_link_on_the_plans_overview_opens(client, world, nabo, persona):
    client.force_login(world.own.users[persona])
    response = client.get(reverse("handlingsplan:oversikt", args=[world.own.kommune.orgnr]))
    assert response.status_code == 200
    for url in _main_links(response.content.decode()):
        assert client.get(url, follow=True).status_code == 200, (persona, url)


def test_the_kommune_sees_the_overview_in_its_breadcrumb(client, world, nabo):
    client.force_login(world.own.users["skoleeier"])
    body = client.get(reverse("handlingsplan:detail", args=[world.own.plan.pk])).content.decode()
    assert reverse("handlingsplan:oversikt", args=[world.own.kommune.orgnr]) in _crumbs(body)
