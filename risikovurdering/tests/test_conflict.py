"""Two people save the same row: the second sees both versions field by field, in words,
and chooses: keep what they typed (every field, ratings too) or use the stored version."""

import re

from django.urls import reverse

from risikovurdering import services


def _stored_by_the_other(world):
    """The other person (rektor) saved ratings and a place after the page was opened."""
    rad = world.own.rad
    fields = {"situasjon": "Lagret først", "hvor": "ute", "sannsynlighet": 3, "alvorlighet": 1}
    services.risikoforhold_save(rad=rad, fields=fields, versjon=1, by=world.own.users["hms"])
    return rad


MINE = {"versjon": 1, "situasjon": "Min tekst", "hvor": "gang", "nar": "friminutt"} | {
    "sannsynlighet": 0,
    "alvorlighet": 0,
}


def _conflict_rows(body: str) -> dict[str, tuple[str, str]]:
    """The conflict table as {field label: (mine, theirs)}, text only."""
    panel = body[body.index('id="konflikt"') :]
    panel = panel[: panel.index("</table>")]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>", panel, re.S)
    return {label.strip(): (mine.strip(), theirs.strip()) for label, mine, theirs in rows}


def test_the_conflict_shows_each_differing_field_by_its_label_and_values_in_words(client, world):
    rad = _stored_by_the_other(world)
    client.force_login(world.own.users["verneombud"])
    response = client.post(reverse("risikovurdering:rad_autosave", args=[rad.pk]), MINE)
    body = response.content.decode()
    assert "Noen andre har lagret en nyere versjon" in body
    rows = _conflict_rows(body)
    assert rows["Situasjon"] == ("Min tekst", "Lagret først")
    assert rows["Hvor"] == ("gang", "skolegård/uteområde")
    # A rating of index 0 is a real value, by its name on the scale; never "–" or a number.
    assert rows["Sannsynlighet"] == ("Sjelden / aldri", "Daglig")
    assert rows["Alvorlighetsgrad"] == ("Mindre alvorlig", "Alvorlig")
    assert "Når" not in rows  # the same on both sides: not listed
    # The panel can be focused and offers both choices.
    assert 'tabindex="-1"' in body and "Behold min versjon" in body and "Bruk den lagrede" in body
    rad.refresh_from_db()
    assert (rad.situasjon, rad.sannsynlighet, rad.alvorlighet) == ("Lagret først", 3, 1)  # nothing saved


def test_a_rating_of_zero_against_none_is_a_difference(client, world):
    rad = world.own.rad  # not rated yet
    services.risikoforhold_save(rad=rad, fields={"situasjon": "Lagret først"}, versjon=1, by=world.own.users["hms"])
    client.force_login(world.own.users["verneombud"])
    body = client.post(reverse("risikovurdering:rad_autosave", args=[rad.pk]), MINE).content.decode()
    rows = _conflict_rows(body)
    assert rows["Alvorlighetsgrad"] == ("Mindre alvorlig", "–")
    assert rows["Sannsynlighet"] == ("Sjelden / aldri", "–")


def test_keep_mine_saves_every_field_i_typed_over_the_stored_version(client, world):
    rad = _stored_by_the_other(world)
    client.force_login(world.own.users["verneombud"])
    client.post(reverse("risikovurdering:rad_autosave", args=[rad.pk]), MINE)  # the conflict
    response = client.post(reverse("risikovurdering:rad", args=[rad.pk]), {**MINE, "behold": "1", "behold_versjon": 2})
    assert response.status_code == 302
    rad.refresh_from_db()
    assert (rad.situasjon, rad.hvor, rad.nar) == ("Min tekst", "gang", "friminutt")
    assert (rad.sannsynlighet, rad.alvorlighet) == (0, 0)
    assert rad.versjon == 3


def test_keep_mine_over_a_version_saved_after_the_panel_showed_is_a_new_conflict(client, world):
    rad = _stored_by_the_other(world)
    services.risikoforhold_save(rad=rad, fields={"situasjon": "Enda nyere"}, versjon=2, by=world.own.users["hms"])
    client.force_login(world.own.users["verneombud"])
    response = client.post(reverse("risikovurdering:rad", args=[rad.pk]), {**MINE, "behold": "1", "behold_versjon": 2})
    assert response.status_code == 200
    assert _conflict_rows(response.content.decode())["Situasjon"] == ("Min tekst", "Enda nyere")
    rad.refresh_from_db()
    assert rad.situasjon == "Enda nyere"


def test_use_the_stored_version_discards_what_i_typed_and_shows_the_stored_row(client, world):
    rad = _stored_by_the_other(world)
    client.force_login(world.own.users["verneombud"])
    url = reverse("risikovurdering:rad", args=[rad.pk])
    response = client.post(url, {**MINE, "bruk_lagret": "1"})
    assert response.status_code == 302 and response["Location"] == url
    rad.refresh_from_db()
    assert (rad.situasjon, rad.sannsynlighet, rad.alvorlighet, rad.versjon) == ("Lagret først", 3, 1, 2)
    body = client.get(url).content.decode()
    assert "Lagret først" in body and "Min tekst" not in body
    assert 'name="versjon" value="2"' in body


def test_keep_mine_with_a_text_held_back_goes_on_from_the_version_it_saved(client, world):
    rad = _stored_by_the_other(world)
    client.force_login(world.own.users["verneombud"])
    url = reverse("risikovurdering:rad", args=[rad.pk])
    held = {**MINE, "situasjon": "Ola Nordmann slo", "behold": "1", "behold_versjon": 2}
    response = client.post(url, held)
    assert response.status_code == 200 and "kan identifisere" in response.content.decode()
    rad.refresh_from_db()
    assert (rad.sannsynlighet, rad.alvorlighet, rad.versjon) == (0, 0, 3)  # the rest is saved
    assert 'name="versjon" value="3"' in response.content.decode()  # not a conflict with my own save
    confirmed = {**MINE, "situasjon": "Ola Nordmann slo", "versjon": 3, "bekreft": "situasjon"}
    assert client.post(url, confirmed).status_code == 302
    rad.refresh_from_db()
    assert rad.situasjon == "Ola Nordmann slo"


def test_without_javascript_lagre_shows_the_conflict_and_stays_the_default_button(client, world):
    rad = _stored_by_the_other(world)
    client.force_login(world.own.users["verneombud"])
    response = client.post(reverse("risikovurdering:rad", args=[rad.pk]), MINE)
    body = response.content.decode()
    assert response.status_code == 200 and "Ikke lagret: noen andre har lagret en nyere versjon." in body
    assert _conflict_rows(body)["Alvorlighetsgrad"] == ("Mindre alvorlig", "Alvorlig")
    # Enter in a field presses the form's first submit button: "Lagre", never "Behold min versjon".
    assert body.index("Lagre og gå til vurderingen") < body.index('name="behold"') < body.index('name="bruk_lagret"')
    rad.refresh_from_db()
    assert rad.situasjon == "Lagret først"
