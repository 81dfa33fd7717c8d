"""A facilitator ("train the trainer") of Kommune A has a veileder's access to A's
programmes and sees nothing of any other Kommune: not in the register, not its people,
assessments, plans, evaluations or reminders, even when put on B's Veiledning."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import user_set_fasilitator
from conftest import make_user
from core.reminders import target_of
from evaluering.selectors import evalueringer_for, trend_for
from handlingsplan.selectors import planer_for
from kommuner import selectors
from kommuner.access import INGEN, Omrade, roller, tilgang
from kommuner.services import kommune_upsert
from pages.selectors import paminnelser_for
from risikovurdering.selectors import oversikt_kommuner_for, vurderinger_for
from veiledning.selectors import veiledninger_for, veiledninger_writable_for
from veiledning.services import veiledning_set_veiledere


def make_fasilitator(world, *, on_foreign: bool = True) -> User:
    """A facilitator of the own Kommune on its Veiledning, and (past the service, which
    refuses it) on the foreign one's too."""
    user = make_user("fasilitator@example.com", is_veileder=True)
    user = user_set_fasilitator(user=user, kommune=world.own.kommune, by=world.admin)
    veiledning_set_veiledere(veiledning=world.own.veiledning, veiledere=[world.veileder, user], by=world.admin)
    if on_foreign:
        world.foreign.veiledning.veiledere.add(user)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def fas(world) -> User:
    return make_fasilitator(world)


def test_the_register_lists_only_the_own_kommune(world, fas):
    kommune_upsert(orgnr="974760673", fields={"nummer": "4699", "navn": "Uten veiledning", "type": "kommune"})
    assert list(selectors.kommuner_for(user=fas)) == [world.own.kommune]
    assert list(selectors.kommuner_search(user=fas, query="Testkommune")) == [world.own.kommune]
    assert list(selectors.kommuner_search(user=fas, query="Uten")) == []
    assert set(selectors.skoler_for(user=fas)) == {world.own.skole}
    assert list(selectors.kommuner_writable_for(user=fas)) == [world.own.kommune]
    assert {k.kommune for k in selectors.kontakter_for(user=fas)} == {world.own.kommune}
    # A plain veileder may prepare a programme in any Kommune without one; the facilitator not.
    veileder = selectors.kommuner_writable_for(user=world.veileder)
    assert veileder.filter(navn="Uten veiledning").exists()


def test_the_programmes_are_the_own_kommunes_only(world, fas):
    assert roller(fas).programme == frozenset({world.own.kommune.pk})
    assert list(veiledninger_for(user=fas)) == [world.own.veiledning]
    assert list(veiledninger_writable_for(user=fas)) == [world.own.veiledning]
    for omrade in Omrade:  # nothing at all in the foreign Kommune, though on its Veiledning
        assert tilgang(fas, omrade, kommune=world.foreign.kommune, skole_id=world.foreign.skole.pk) == INGEN
    assert tilgang(fas, Omrade.VEILEDNING, kommune=world.own.kommune).status


def test_assessments_plans_evaluations_and_reminders_of_the_foreign_kommune_are_unseen(world, fas):
    assert {v.kommune for v in vurderinger_for(user=fas)} == {world.own.kommune}
    assert {p.kommune for p in planer_for(user=fas)} == {world.own.kommune}
    assert list(oversikt_kommuner_for(user=fas)) == [world.own.kommune]
    assert {e.samling.veiledning.kommune for e in evalueringer_for(user=fas)} == {world.own.kommune}
    assert len(trend_for(user=fas, language="nb")[0]["points"]) == 1  # the own seminar's evaluation only
    targets = set(paminnelser_for(user=fas).values_list("target", flat=True))
    assert target_of(world.own.seminar) in targets and target_of(world.foreign.seminar) not in targets


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("pages:kommune", lambda t: {"orgnr": t.kommune.orgnr}),
        ("pages:skole", lambda t: {"pk": t.skole.pk}),
        ("veiledning:detail", lambda t: {"pk": t.veiledning.pk}),
        ("veiledning:create", lambda t: {"orgnr": t.kommune.orgnr}),
        ("kommuner:kontakt_create", lambda t: {"orgnr": t.kommune.orgnr}),
        ("risikovurdering:detail", lambda t: {"pk": t.vurdering.pk}),
        ("risikovurdering:oversikt", lambda t: {"orgnr": t.kommune.orgnr}),
        ("handlingsplan:oversikt", lambda t: {"orgnr": t.kommune.orgnr}),
        ("handlingsplan:skole_plan", lambda t: {"pk": t.skole.pk}),
    ],
)
def test_own_kommune_pages_open_and_the_foreign_ones_are_not_found(client, world, fas, name, kwargs):
    client.force_login(fas)
    own = client.get(reverse(name, kwargs=kwargs(world.own)))
    assert own.status_code in (200, 302), (name, own.status_code)
    assert client.get(reverse(name, kwargs=kwargs(world.foreign))).status_code == 404


def test_the_register_page_and_the_kommune_page_show_only_the_own_kommune(client, world, fas):
    client.force_login(fas)
    body = client.get(reverse("kommuner:kommune_list")).content.decode()
    assert "Testkommune 1" in body and "Testkommune 2" not in body
    body = client.get(reverse("pages:kommune", args=[world.own.kommune.orgnr])).content.decode()
    assert "Testskole 1" in body and "hvo1" in body


def test_the_dashboard_shows_the_own_programme_with_its_step_and_no_other_veiledere(client, world, fas):
    client.force_login(fas)
    response = client.get(reverse("veiledning:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Testkommune 1" in body and "Testkommune 2" not in body
    assert world.own.veiledning.get_steg_display().capitalize() in body
    assert "annen.veileder" not in body and 'id="f-veileder"' not in body
    assert reverse("veiledning:programmal", args=[world.own.kommune.orgnr]) in body
    detail = client.get(reverse("veiledning:detail", args=[world.own.veiledning.pk]))
    assert detail.status_code == 200 and "Testskole 1" in detail.content.decode()
