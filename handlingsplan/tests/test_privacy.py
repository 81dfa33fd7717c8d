"""DESIGN.md §4 on the action plans: a measure, a plan answer, a school's answer to its
Kommune and a message to the schools are about situations. Text that may name a pupil or
an employee, or give a diagnosis or an e-mail address, is held back with the reason and
kept in the form until the person corrects it or confirms that it identifies nobody."""

import pytest
from django.urls import reverse

from handlingsplan import services
from handlingsplan.models import Melding, Statusforesporsel, Statussvar, Tiltak, Tiltaksforslag

MEASURE = {"type": "redusere", "omrade": "tiltak", "ansvarlig_rolle": "rektor", "ansvarlig_navn": "Kari Hansen"}


def test_a_new_measure_naming_a_pupil_waits_for_confirmation(client, world):
    client.force_login(world.own.users["hms"])
    url = reverse("handlingsplan:tiltak_new", args=[world.own.plan.pk])
    data = {**MEASURE, "beskrivelse": "Følge Ola Nordmann til bussen"}
    held = client.post(url, data)
    assert held.status_code == 200
    body = held.content.decode()
    assert "et navn" in body and 'name="bekreft"' in body and "Følge Ola Nordmann til bussen" in body
    assert not Tiltak.objects.filter(beskrivelse=data["beskrivelse"]).exists()
    assert client.post(url, {**data, "bekreft": "on"}).status_code == 302
    # The responsible person's name is a name by design and never held back.
    assert Tiltak.objects.get(beskrivelse=data["beskrivelse"]).ansvarlig_navn == "Kari Hansen"


def test_a_measure_without_names_needs_no_confirmation(client, world):
    client.force_login(world.own.users["hms"])
    url = reverse("handlingsplan:tiltak_new", args=[world.own.plan.pk])
    response = client.post(url, {**MEASURE, "beskrivelse": "Voksne ute i friminuttene"})
    assert response.status_code == 302


def test_an_edited_measure_is_asked_about_only_for_what_changed(client, world):
    tiltak = world.own.tiltak
    services.tiltak_update(
        tiltak=tiltak, fields={"beskrivelse": "Plan for eleven med autisme"}, by=None, bekreftet=True
    )
    client.force_login(world.own.users["hms"])
    url = reverse("handlingsplan:tiltak_edit", args=[tiltak.pk])
    data = {**MEASURE, "beskrivelse": "Plan for eleven med autisme", "effekt": "Færre hendelser"}
    assert client.post(url, data).status_code == 302
    held = client.post(url, {**data, "effekt": "Ring 912 34 567 ved uro"})
    assert held.status_code == 200 and "et telefonnummer" in held.content.decode()
    tiltak.refresh_from_db()
    assert tiltak.effekt == "Færre hendelser"


def test_a_plan_answer_with_a_diagnosis_is_held_and_the_others_kept(client, world):
    plan = world.own.plan
    client.force_login(world.own.users["hms"])
    url = reverse("handlingsplan:detail", args=[plan.pk])
    data = {"0": "Eleven med ADHD i 4B", "1": "Vi følger opp i mai"}
    held = client.post(url, data)
    assert held.status_code == 200
    body = held.content.decode()
    assert "en diagnose" in body and "Vi følger opp i mai" in body and 'name="bekreft"' in body
    plan.refresh_from_db()
    assert plan.svar == {}
    assert client.post(url, {**data, "bekreft": "on"}).status_code == 302
    plan.refresh_from_db()
    assert plan.svar == data


def test_a_schools_answer_to_its_kommune_with_an_email_is_held(client, world):
    foresporsel = services.statusforesporsel_create(
        kommune=world.own.kommune, sporsmal="Hvordan går det?", skoler=[world.own.skole],
        by=world.own.users["skoleeier"],
    )  # fmt: skip
    client.force_login(world.own.users["hms"])
    url = reverse("handlingsplan:statussvar", args=[foresporsel.pk, world.own.skole.pk])
    held = client.post(url, {"tekst": "Spør ola.nordmann@skole.no"})
    assert held.status_code == 200 and "en e-postadresse" in held.content.decode()
    assert not Statussvar.objects.exists()
    assert client.post(url, {"tekst": "Spør ola.nordmann@skole.no", "bekreft": "on"}).status_code == 302
    assert Statussvar.objects.get().tekst == "Spør ola.nordmann@skole.no"


@pytest.mark.parametrize(
    ("view", "model", "field"),
    [("oversikt", Melding, "tekst"), ("statusforesporsler", Statusforesporsel, "sporsmal")],
)
def test_what_the_kommune_sends_its_schools_naming_someone_is_held(client, world, view, model, field):
    """A message to the schools' plans, and the status question."""
    client.force_login(world.own.users["skoleeier"])
    url = reverse(f"handlingsplan:{view}", args=[world.own.kommune.orgnr])
    data = {field: "Har dere snakket med Per Olsen om saken?", "skoler": [world.own.skole.pk]}
    held = client.post(url, data)
    assert "et navn" in held.content.decode() and not model.objects.exists()
    assert client.post(url, {**data, "bekreft": "on"}).status_code == 302
    assert getattr(model.objects.get(), field) == data[field]


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_no_suggested_measure_is_held_back(world, language):
    """A suggestion taken as it stands is never asked about."""
    from core.privacy import findings

    flagged = {f.tekst[language]: findings(f.tekst[language]) for f in Tiltaksforslag.objects.all()}
    assert flagged and not {text: why for text, why in flagged.items() if why}


def test_a_status_comment_is_kept_on_error_and_held_when_it_names_someone(client, world):
    """The reason a measure is dropped is free text too; on any error it stays in the form."""
    tiltak = world.own.tiltak
    client.force_login(world.own.users["hms"])
    url = reverse("handlingsplan:tiltak_status", args=[tiltak.pk])
    empty = client.post(url, {"status": "forkastet", "kommentar": ""})
    assert empty.status_code == 400 and "Skriv hvorfor tiltaket forkastes." in empty.content.decode()
    data = {"status": "forkastet", "kommentar": "Per Hansen har sluttet"}
    held = client.post(url, data)
    body = held.content.decode()
    assert held.status_code == 400 and "et navn" in body and "Per Hansen har sluttet" in body
    assert 'name="bekreft"' in body
    tiltak.refresh_from_db()
    assert tiltak.status == "ikke_startet"
    assert client.post(url, {**data, "bekreft": "on"}).status_code == 302
    tiltak.refresh_from_db()
    assert tiltak.status == "forkastet" and tiltak.statusendringer.get().kommentar == data["kommentar"]


def test_a_comment_with_an_unchanged_status_is_refused_not_dropped(client, world):
    client.force_login(world.own.users["hms"])
    url = reverse("handlingsplan:tiltak_status", args=[world.own.tiltak.pk])
    response = client.post(url, {"status": "ikke_startet", "kommentar": "Venter på budsjett"})
    body = response.content.decode()
    assert response.status_code == 400 and "Velg en ny status" in body and "Venter på budsjett" in body


def test_everyday_english_is_not_taken_for_a_diagnosis():
    from core.privacy import findings

    assert findings("Add an adult in the corridor; odd days only; fas ut") == []
    assert findings("Eleven har ADD") == ["en diagnose"]
