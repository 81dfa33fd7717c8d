"""Bounds on what people type in a risk assessment (issue 15, part 1): too long, a NUL
byte, a date outside the programme's window or a rating outside the matrix gets a
message in the person's language, and the rest of what they typed is kept."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from risikovurdering import services
from risikovurdering.models import Kommentar, Risikoforhold, Risikovurdering

MB = "x" * 1_000_000


def _rad_post(rad: Risikoforhold, **fields) -> dict:
    return {"versjon": rad.versjon, "hvor": "gang", "nar": "friminutt", "hvor_annet": "", **fields}


def test_a_megabyte_situation_is_refused_on_the_page_and_the_rest_is_kept(client, world):
    rad = world.own.rad
    client.force_login(world.own.users["hms"])
    data = _rad_post(rad, situasjon=MB, eksisterende_tiltak="Voksne i gangen hver time")
    response = client.post(reverse("risikovurdering:rad", args=[rad.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "situasjon" in form.errors and "tegn" in form.errors["situasjon"][0]
    body = response.content.decode()
    assert "Voksne i gangen hver time" in body and 'maxlength="4000"' in body
    rad.refresh_from_db()
    assert rad.situasjon == "Trengsel" and rad.eksisterende_tiltak == ""


@pytest.mark.parametrize("fields", [{"situasjon": MB}, {"eksisterende_tiltak": MB}, {"situasjon": "før\x00etter"}])
def test_the_row_service_refuses_text_beyond_its_bounds_whatever_the_caller(world, fields):
    with pytest.raises(ValidationError) as error:
        services.risikoforhold_save(rad=world.own.rad, fields=fields, versjon=1, by=world.own.users["hms"])
    assert set(error.value.message_dict) == set(fields)
    world.own.rad.refresh_from_db()
    assert world.own.rad.situasjon == "Trengsel"


def test_a_row_is_never_created_with_a_rating_outside_the_matrix(world):
    for fields in ({"sannsynlighet": 40_000}, {"alvorlighet": 3}, {"situasjon": MB}):
        with pytest.raises(ValidationError):
            services.risikoforhold_create(vurdering=world.own.vurdering, by=None, fields=fields)
    assert world.own.vurdering.rader.count() == 1


def test_a_31_digit_rating_in_the_autosave_is_a_form_error(client, world):
    rad = world.own.rad
    client.force_login(world.own.users["hms"])
    digits = "1" * 31
    data = _rad_post(rad, sannsynlighet=digits, alvorlighet=digits, hvor=digits, versjon=rad.versjon)
    response = client.post(reverse("risikovurdering:rad_autosave", args=[rad.pk]), data)
    assert response.status_code == 200
    assert {"sannsynlighet", "alvorlighet", "hvor"} <= set(response.context["form"].errors)


@pytest.mark.parametrize("dato", ["9999-12-31", "0001-01-01"])
def test_a_risk_assessment_dated_outside_the_programme_is_refused_with_a_message(client, world, dato):
    vurdering = world.own.vurdering
    client.force_login(world.own.users["hms"])
    url = reverse("risikovurdering:detail", args=[vurdering.pk])
    response = client.post(url, {"dato": dato, "neste_gjennomgang": dato, "deltakere": ["rektor"]})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Datoen må være mellom" in errors["dato"][0] and "neste_gjennomgang" in errors
    vurdering.refresh_from_db()
    assert vurdering.dato != date.fromisoformat(dato) and vurdering.deltakere == []
    assert response.context["form"]["deltakere"].value() == ["rektor"]  # the rest is kept


def test_the_header_service_refuses_a_far_date_and_an_old_far_date_gives_a_message_not_a_500(world):
    vurdering, hms = world.own.vurdering, world.own.users["hms"]
    with pytest.raises(ValidationError) as error:
        services.risikovurdering_update(vurdering=vurdering, fields={"dato": date(9999, 12, 31)}, by=hms)
    assert "dato" in error.value.message_dict
    # A row stored before the bound (straight through save, as old data is) can still be
    # answered: marking it ferdig says what is wrong instead of overflowing.
    vurdering.refresh_from_db()
    vurdering.dato = date(9999, 12, 31)
    vurdering.save()
    services.risikoforhold_save(
        rad=world.own.rad, fields={"sannsynlighet": 1, "alvorlighet": 1}, versjon=world.own.rad.versjon, by=hms
    )
    with pytest.raises(ValidationError) as error:
        services.risikovurdering_set_ferdig(vurdering=vurdering, by=hms)
    assert "Datoen må være mellom" in " ".join(error.value.messages)
    services.risikovurdering_update(vurdering=vurdering, fields={"dato": date.today()}, by=hms)
    assert services.risikovurdering_set_ferdig(vurdering=vurdering, by=hms).status == Risikovurdering.Status.FERDIG


def test_a_megabyte_comment_on_the_sector_assessment_is_refused_and_kept_on_the_page(client, world):
    client.force_login(world.own.users["hvo"])
    url = reverse("risikovurdering:kommentar", args=[world.own.sektor.pk])
    response = client.post(url, {"tekst": MB})
    assert response.status_code == 400
    assert "tekst" in response.context["kommentar_form"].errors
    assert 'maxlength="2000"' in response.content.decode()
    with pytest.raises(ValidationError):
        services.kommentar_create(vurdering=world.own.sektor, tekst=MB, rolle="HVO", by=world.own.users["hvo"])
    with pytest.raises(ValidationError):
        services.kommentar_create(vurdering=world.own.sektor, tekst="a\x00b", rolle="HVO", by=world.own.users["hvo"])
    assert not Kommentar.objects.exists()


def test_a_trinn_name_longer_than_its_column_is_a_form_error(client, world):
    client.force_login(world.own.users["hms"])
    url = reverse("risikovurdering:skole_list", args=[world.own.skole.pk])
    response = client.post(url, {"niva": "trinn", "enhet": "x" * 101})
    assert response.status_code == 200 and "enhet" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.risikovurdering_create(niva="trinn", skole=world.own.skole, enhet="x" * 101, by=None)


def test_lists_of_choices_hold_only_known_keys_whatever_the_caller(world):
    hms = world.own.users["hms"]
    for fields in ({"deltakere": ["rektor", "x" * 1000]}, {"kilder": ["avvik\x00"]}, {"deltakere": "rektor"}):
        with pytest.raises(ValidationError):
            services.risikovurdering_update(vurdering=world.own.vurdering, fields=fields, by=hms)
    for fields in ({"utsatte": ["laerer", "ukjent"]}, {"faktorer": [1]}):
        with pytest.raises(ValidationError):
            services.risikoforhold_save(rad=world.own.rad, fields=fields, versjon=world.own.rad.versjon, by=hms)
    world.own.vurdering.refresh_from_db()
    world.own.rad.refresh_from_db()
    assert world.own.vurdering.deltakere == [] and world.own.rad.utsatte == []
