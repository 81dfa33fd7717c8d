"""Bounds on the register (issue 15, part 1): pupil and staff counts within what a school
can have, names and contact details within their columns and free of NUL bytes,
whatever the caller (form, import or service)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kommuner.models import Kontakt
from kommuner.services import kontakt_create, skole_upsert


@pytest.mark.parametrize("fields", [{"elever": 10**9}, {"ansatte": 10**7}, {"navn": "Skole\x00"}])
def test_a_school_with_counts_or_names_beyond_their_meaning_is_refused(world, fields):
    skole = world.own.skole
    with pytest.raises(ValidationError) as error:
        skole_upsert(orgnr=skole.orgnr, fields=fields)
    assert set(error.value.message_dict) == set(fields)
    skole.refresh_from_db()
    assert skole.elever is None and skole.navn == "Testskole 1"


def test_a_large_school_is_still_fine(world):
    skole, _ = skole_upsert(orgnr=world.own.skole.orgnr, fields={"elever": 2_500, "ansatte": 300})
    assert (skole.elever, skole.ansatte) == (2_500, 300)


@pytest.mark.parametrize("field", ["navn", "telefon", "tittel"])
def test_a_contact_with_a_nul_byte_is_refused_by_the_service(world, field):
    fields = {"navn": "Nina Nord", "telefon": "", "tittel": "", field: "a\x00b"}
    with pytest.raises(ValidationError) as error:
        kontakt_create(kommune=world.own.kommune, epost="nina@example.com", rolle="htv", **fields)
    assert field in error.value.message_dict
    assert not Kontakt.objects.filter(epost="nina@example.com").exists()


def test_a_contact_with_too_long_fields_is_a_form_error_and_the_rest_is_kept(client, world):
    client.force_login(world.veileder)
    url = reverse("kommuner:kontakt_create", args=[world.own.kommune.orgnr])
    data = {"navn": "Nina Nord", "epost": "nina@example.com", "telefon": "9" * 31, "rolle": "htv", "tittel": "x" * 201}
    response = client.post(url, data)
    assert response.status_code == 200
    assert {"telefon", "tittel"} <= set(response.context["form"].errors)
    assert 'value="Nina Nord"' in response.content.decode()
    assert not Kontakt.objects.filter(epost="nina@example.com").exists()
