"""Issue 19: the levels question of the Egenvurdering saves the levels ticked and scores
them (ja when the school level and at least one more are assessed, delvis when some level
is, nei when none); ticking none is an answer; an earlier ja / delvis / nei keeps its score."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from veiledning import services
from veiledning.models import Egenvurdering


def _keys(v):
    return [p["key"] for p in v.programmal.innhold["egenvurdering"]]


def test_the_levels_are_saved_in_order_and_an_unknown_level_is_refused(world):
    v, skole, user = world.own.veiledning, world.own.skole, world.own.users["hms"]
    saved = services.egenvurdering_save(
        veiledning=v, skole=skole, fase="baseline", ferdig=False, by=user,
        svar={"nivaer": {"nivaer": ["sektor", "skole"], "kommentar": " K "}},
    )  # fmt: skip
    assert saved.svar["nivaer"] == {"nivaer": ["skole", "sektor"], "kommentar": "K"}
    with pytest.raises(ValidationError):
        services.egenvurdering_save(
            veiledning=v, skole=skole, fase="baseline", ferdig=False, by=user, svar={"nivaer": {"nivaer": ["klasse"]}}
        )


def test_ticking_no_level_is_an_answer_for_ferdig(world):
    v, skole, user = world.own.veiledning, world.own.skole, world.own.users["hms"]
    svar = {k: {"svar": "nei"} for k in _keys(v) if k != "nivaer"}
    with pytest.raises(ValidationError):
        services.egenvurdering_save(veiledning=v, skole=skole, fase="baseline", svar=svar, ferdig=True, by=user)
    svar["nivaer"] = {"nivaer": []}
    saved = services.egenvurdering_save(veiledning=v, skole=skole, fase="baseline", svar=svar, ferdig=True, by=user)
    assert saved.ferdig and saved.poeng == 0


@pytest.mark.parametrize(
    ("nivaer", "poeng"),
    [([], 0), (["sektor"], 1), (["skole"], 1), (["individ", "sektor"], 1), (["skole", "sektor"], 2),
     (["individ", "trinn", "skole", "sektor"], 2)],
)  # fmt: skip
def test_the_levels_score_within_two_points_a_question(nivaer, poeng):
    assert Egenvurdering(svar={"nivaer": {"nivaer": nivaer}}).poeng == poeng


def test_an_earlier_ja_delvis_nei_answer_keeps_its_score(world):
    v, skole, user = world.own.veiledning, world.own.skole, world.own.users["hms"]
    svar = {k: {"svar": "ja"} for k in _keys(v)}  # the levels question answered ja, as before it had levels
    saved = services.egenvurdering_save(veiledning=v, skole=skole, fase="baseline", svar=svar, ferdig=True, by=user)
    assert saved.svar["nivaer"] == {"svar": "ja", "kommentar": ""} and saved.poeng == 2 * len(_keys(v))


def test_the_page_saves_the_levels_ticked(client, world):
    v, skole = world.own.veiledning, world.own.skole
    client.force_login(world.own.users["hms"])
    url = reverse("veiledning:egenvurdering", args=[v.pk, skole.pk, "baseline"])
    response = client.post(url, {"nivaer__nivaer": ["individ", "skole"], "nivaer__kommentar": "ROS i elevmappen"})
    assert response.status_code == 302
    saved = Egenvurdering.objects.get(veiledning=v, skole=skole, fase="baseline")
    assert saved.svar["nivaer"] == {"nivaer": ["individ", "skole"], "kommentar": "ROS i elevmappen"}
    html = client.get(url).content.decode()
    assert re.search(r'value="individ"[^>]*checked', html) and not re.search(r'value="sektor"[^>]*checked', html)
