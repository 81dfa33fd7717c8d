"""Issue 17 (2, 3): every value in words, and the history in words, in nb and nn."""

import pytest
from django.urls import reverse

from risikovurdering import services

ROW = {
    "hvor": "spesial", "nar": "overganger", "utsatte": ["laerer"], "hendelse": "slag",
    "faktorer": ["alenearbeid", "bemanning"], "sannsynlighet": 3, "alvorlighet": 1,
}  # fmt: skip

WORDS = {
    "nb": ["spesialavdeling", "overganger", "lærer", "alenearbeid", "bemanning", "Daglig", "Alvorlig", "Høy"],
    "nn": ["Dagleg", "Alvorleg", "Høg"],
}


def _row(world, **extra):
    vurdering = services.risikovurdering_create(niva="skole", skole=world.own.skole, by=world.own.users["hms"])
    rad = services.risikoforhold_create(vurdering=vurdering, by=world.own.users["hms"], fields={**ROW, **extra})
    return vurdering, rad


def _as(client, user, language):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_read_only_row_shows_words_and_the_risk_level(client, world, language):
    _vurdering, rad = _row(world)
    _as(client, world.own.users["skoleeier"], language)
    body = client.get(reverse("risikovurdering:rad", args=[rad.pk])).content.decode()
    for stored in ("&#x27;laerer&#x27;", "[&#x27;alenearbeid", ">spesial<", ">3<", ">1<"):
        assert stored not in body
    for word in WORDS[language]:
        assert word.lower() in body.lower(), word


def test_where_annet_is_chosen_the_typed_place_is_shown(client, world):
    vurdering, rad = _row(world, hvor="annet", hvor_annet="Svømmehallen", utsatte=["annet"], utsatte_annet="Kokk")
    client.force_login(world.own.users["skoleeier"])
    body = client.get(reverse("risikovurdering:rad", args=[rad.pk])).content.decode()
    assert "Svømmehallen" in body and "Kokk" in body
    csv = client.get(reverse("risikovurdering:eksport", args=[vurdering.pk, "csv"])).content.decode("utf-8-sig")
    assert "Daglig" in csv and "Alvorlig" in csv and "Svømmehallen" in csv


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_history_is_in_words(client, world, language):
    vurdering, rad = _row(world)
    rektor = world.own.users["hms"]
    services.risikoforhold_save(rad=rad, fields={**ROW, "alvorlighet": 2}, versjon=rad.versjon, by=rektor)
    _as(client, rektor, language)
    body = client.get(reverse("risikovurdering:detail", args=[vurdering.pk])).content.decode()
    history = body[body.index('id="historikk"') :]
    assert "vurdering_id" not in history and "hvor_annet" not in history
    if language == "nb":
        assert "endret alvorlighetsgrad fra Alvorlig til Svært alvorlig" in history
        assert "la til risikoforholdet Spesialavdeling / overganger" in history
    else:
        assert "endra alvorsgrad frå Alvorleg til Svært alvorleg" in history
        assert "la til risikoforholdet Spesialavdeling / overgangar" in history
    assert f"{rektor.navn} (rektor)" in history


def test_the_plan_names_a_row_by_the_place_the_school_typed(client, world):
    vurdering = world.own.vurdering  # the school's latest assessment, which the plan lists
    fields = {**ROW, "hvor": "annet", "hvor_annet": "Svømmehallen"}
    services.risikoforhold_create(vurdering=vurdering, by=world.own.users["hms"], fields=fields)
    client.force_login(world.own.users["hms"])
    plan = client.get(reverse("handlingsplan:skole_plan", args=[world.own.skole.pk]), follow=True)
    assert "Svømmehallen" in plan.content.decode()  # the plan lists the row by the typed place
