"""The privacy and accessibility statements say what the law asks of them (GDPR art. 13;
the parts of an accessibility statement on uustatus.no), with the settings' values, for
anyone, in every language."""

import re

import pytest
from django.test import Client
from django.urls import reverse


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _page(name: str, language: str = "nb") -> str:
    client = Client()
    client.cookies["sprak"] = language
    response = client.get(reverse(name))
    assert response.status_code == 200
    return _text(response.content.decode())


@pytest.mark.django_db
def test_the_privacy_statement_has_what_article_13_asks(settings):
    settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = 18
    settings.BEHANDLINGSANSVARLIG_EPOST = "post@example.no"
    text = _page("pages:privacy")
    # The controller and its contact, from the settings.
    assert "Arbeidstilsynet er behandlingsansvarlig" in text
    assert "Postboks 4720 Torgarden, 7468 Trondheim" in text
    assert "73 19 97 00" in text and "post@example.no" in text
    # The data protection officer.
    assert "personvernombudet" in text and "eDialog" in text
    # The legal basis with its national basis.
    assert "personvernforordningen artikkel 6 nr. 1 bokstav e" in text
    assert "arbeidsmiljøloven § 18-1" in text and "forvaltningsloven § 11" in text
    # No special categories; who sees what; the processor.
    assert "særlige kategorier" in text
    assert "Veilederen ser status og antall" in text
    assert "databehandler" in text
    # The retention period is the one the job keeps.
    assert "slettes 18 måneder etter at veiledningen er avsluttet" in text
    # Rights, objection under art. 21, and the complaint to Datatilsynet.
    for right in ("innsyn", "rettet", "slettes", "begrenser", "protestere", "artikkel 21"):
        assert right in text
    assert (
        "klage til Datatilsynet" in text
        and 'href="https://www.datatilsynet.no"' in Client().get(reverse("pages:privacy")).content.decode()
    )


@pytest.mark.django_db
def test_the_privacy_statement_names_the_dpo_and_processor_when_set(settings):
    settings.PERSONVERNOMBUD_EPOST = "personvernombud@example.no"
    settings.DATABEHANDLER = "Driftsfirma AS"
    settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = 1
    text = _page("pages:privacy")
    assert "personvernombudet hos oss på personvernombud@example.no" in text
    assert "Driftsfirma AS drifter tjenesten for Arbeidstilsynet" in text
    assert "slettes 1 måned etter" in text


@pytest.mark.django_db
def test_the_accessibility_statement_has_the_parts_uustatus_gives(settings):
    settings.TILGJENGELIGHET_EPOST = "uu@example.no"
    settings.TILGJENGELIGHET_ERKLAERING_DATO = "2026-12-01"
    text = _page("pages:accessibility")
    assert "forskrift om universell utforming av ikt-løsninger" in text and "WCAG 2.1" in text
    assert "Arbeidstilsynet er ansvarlig for nettstedet" in text
    for heading in ("Regelverket", "Status", "Slik har vi testet", "Kjente mangler", "Meld fra om feil"):
        assert heading in text
    assert "axe-core" in text and "skjermleser" in text
    assert "uu@example.no" in text and "73 19 97 00" in text
    assert "Diskrimineringsnemnda" in text and "uutilsynet.no" in text and "Digitaliseringsdirektoratet" in text
    assert "2026" in text and "sist gjennomgått" in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nn", "en"])
@pytest.mark.parametrize("name", ["pages:privacy", "pages:accessibility"])
def test_the_statements_render_in_every_language(name, language):
    text = _page(name, language)
    assert "Arbeidstilsynet" in text
