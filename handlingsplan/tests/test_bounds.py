"""Bounds on what people type in action plans (issue 15, part 1): plan answers, measures,
comments and messages have maximum lengths and refuse NUL bytes, whatever the caller;
a 31-digit number or a far date in the measure form is a form error, never a 500."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from handlingsplan import services
from handlingsplan.models import Kommentar, Melding, Tiltak, TiltakStatusEndring

MB = "x" * 1_000_000
DIGITS = "1" * 31
TILTAK_FIELDS = (
    "beskrivelse", "type", "omrade", "risikoforhold", "ansvarlig_rolle", "ansvarlig_kontakt", "ansvarlig_navn",
    "frist", "effekt",
)  # fmt: skip


def test_a_megabyte_plan_answer_is_refused_and_the_other_answers_are_kept(client, world):
    plan = world.own.plan
    client.force_login(world.own.users["hms"])
    response = client.post(reverse("handlingsplan:detail", args=[plan.pk]), {"0": MB, "1": "Vi følger opp i mai"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "0" in form.errors and "tegn" in form.errors["0"][0]
    body = response.content.decode()
    assert "Vi følger opp i mai" in body and 'maxlength="5000"' in body and "Høyst 5000 tegn." in body
    plan.refresh_from_db()
    assert plan.svar == {}


@pytest.mark.parametrize("svar", [{"0": MB}, {"0": "a\x00b"}, {"99": "et svar uten spørsmål"}, {"x" * 41: "a"}])
def test_the_plan_answer_service_refuses_what_the_form_would(world, svar):
    with pytest.raises(ValidationError):
        services.handlingsplan_save_svar(plan=world.own.plan, svar=svar, by=world.own.users["hms"])
    world.own.plan.refresh_from_db()
    assert world.own.plan.svar == {}


@pytest.mark.parametrize("field", ["beskrivelse", "effekt"])
def test_a_megabyte_in_a_measure_is_refused_and_the_rest_is_kept(client, world, field):
    tiltak = world.own.tiltak
    client.force_login(world.own.users["hms"])
    data = {"beskrivelse": "Voksne i gangen", "type": "redusere", "omrade": "tiltak", "ansvarlig_rolle": "rektor"}
    data.update({"ansvarlig_navn": "Rektor på skolen", field: MB})
    response = client.post(reverse("handlingsplan:tiltak_edit", args=[tiltak.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Rektor på skolen" in response.content.decode()
    tiltak.refresh_from_db()
    assert tiltak.beskrivelse == "Voksne i gangen" and tiltak.effekt == "" and tiltak.ansvarlig_navn == ""


@pytest.mark.parametrize("name", ["tiltak_edit", "tiltak_new"])
def test_31_digit_numbers_in_every_field_of_the_measure_form_are_form_errors(client, world, name):
    pk = world.own.tiltak.pk if name == "tiltak_edit" else world.own.plan.pk
    client.force_login(world.own.users["hms"])
    response = client.post(reverse(f"handlingsplan:{name}", args=[pk]), dict.fromkeys(TILTAK_FIELDS, DIGITS))
    assert response.status_code == 200
    assert {"type", "omrade", "risikoforhold", "ansvarlig_kontakt", "frist"} <= set(response.context["form"].errors)
    assert Tiltak.objects.filter(plan=world.own.plan).count() == 1


@pytest.mark.parametrize("frist", ["9999-12-31", "0001-01-01"])
def test_a_deadline_outside_the_programme_is_a_form_error(client, world, frist):
    client.force_login(world.own.users["hms"])
    data = {"beskrivelse": "Ny rutine", "type": "redusere", "omrade": "tiltak", "ansvarlig_rolle": "rektor"}
    response = client.post(reverse("handlingsplan:tiltak_new", args=[world.own.plan.pk]), {**data, "frist": frist})
    assert response.status_code == 200
    assert "Datoen må være mellom" in response.context["form"].errors["frist"][0]
    assert not Tiltak.objects.filter(beskrivelse="Ny rutine").exists()
    with pytest.raises(ValidationError):
        services.tiltak_update(tiltak=world.own.tiltak, fields={"frist": date(9999, 12, 31)}, by=None)


@pytest.mark.parametrize("fields", [{"beskrivelse": MB}, {"effekt": "a\x00b"}, {"ansvarlig_rolle": "x" * 101}])
def test_the_measure_services_refuse_text_beyond_its_bounds(world, fields):
    with pytest.raises(ValidationError):
        services.tiltak_update(tiltak=world.own.tiltak, fields=fields, by=None)
    with pytest.raises(ValidationError):
        base = {"beskrivelse": "Ny", "omrade": "tiltak", "ansvarlig_rolle": "rektor"}
        services.tiltak_create(plan=world.own.plan, fields={**base, **fields}, by=None)
    assert Tiltak.objects.filter(plan=world.own.plan).count() == 1


def test_a_status_comment_beyond_its_bound_is_refused_by_the_service(world):
    with pytest.raises(ValidationError):
        services.tiltak_set_status(tiltak=world.own.tiltak, status="forkastet", kommentar=MB, by=None)
    with pytest.raises(ValidationError):
        services.tiltak_set_status(tiltak=world.own.tiltak, status="pagar", kommentar="a\x00b", by=None)
    assert not TiltakStatusEndring.objects.exists()
    world.own.tiltak.refresh_from_db()
    assert world.own.tiltak.status == "ikke_startet"


def test_a_megabyte_plan_comment_is_refused_on_the_page_and_by_the_service(client, world):
    plan, hvo = world.own.kommune_plan, world.own.users["hvo"]
    client.force_login(hvo)
    response = client.post(reverse("handlingsplan:medvirkning", args=[plan.pk]), {"tekst": MB})
    assert response.status_code == 400 and "tekst" in response.context["form"].errors
    for tekst in (MB, "a\x00b"):
        with pytest.raises(ValidationError):
            services.kommentar_create(plan=plan, tekst=tekst, by=hvo, bekreftet=True)
    assert not Kommentar.objects.exists()


def test_a_megabyte_message_to_the_schools_is_refused_by_the_service(world):
    for tekst in (MB, "a\x00b"):
        with pytest.raises(ValidationError):
            services.melding_create(
                kommune=world.own.kommune, tekst=tekst, skoler=[world.own.skole], by=world.own.users["skoleeier"]
            )
    assert not Melding.objects.exists()
