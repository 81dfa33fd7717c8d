"""A school group's answers to the seminar's group tasks: nothing typed in one box is lost
by saving another (issue 18)."""

import re

from django.urls import reverse

from veiledning.models import Oppgavesvar


def _url(world, name="veiledning:oppgaver"):
    return reverse(name, args=[world.own.veiledning.pk, world.own.skole.pk])


def _stored(world) -> dict:
    return {(s.oppgave, s.sporsmal): s.tekst for s in Oppgavesvar.objects.filter(skole=world.own.skole)}


def test_one_save_keeps_every_box_typed_in(client, world):
    client.force_login(world.own.users["hms"])
    page = client.get(_url(world)).content.decode()
    assert 'name="tekst__oppgave1__0"' in page and 'name="tekst__oppgave2__1"' in page
    response = client.post(
        _url(world),
        {"tekst__oppgave1__0": "Avvik og samtaler", "versjon__oppgave1__0": "0",
         "tekst__oppgave2__1": "Gangen i friminuttet", "versjon__oppgave2__1": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    assert _stored(world) == {("oppgave1", 0): "Avvik og samtaler", ("oppgave2", 1): "Gangen i friminuttet"}


def test_a_box_nobody_touched_is_not_a_conflict_when_another_saved_it_meanwhile(client, world):
    """Two people on two boxes: a whole-page save from the older page leaves the other's box alone."""
    client.force_login(world.own.users["hms"])
    page = client.get(_url(world))
    shown = page.context["oppgaver"][0]["sporsmal"][1]["hash"]
    other = world.own.users["verneombud"]
    client2 = client.__class__()
    client2.force_login(other)
    client2.post(
        _url(world, "veiledning:oppgaver_autosave"), {"tekst__oppgave1__1": "Fra kollega", "versjon__oppgave1__1": "0"}
    )
    response = client.post(
        _url(world),
        {"tekst__oppgave1__0": "Mitt svar", "versjon__oppgave1__0": "0",
         "tekst__oppgave1__1": "", "versjon__oppgave1__1": "0", "hash__oppgave1__1": shown},
    )  # fmt: skip
    assert response.status_code == 302
    assert _stored(world) == {("oppgave1", 0): "Mitt svar", ("oppgave1", 1): "Fra kollega"}


def test_a_stale_whole_page_save_keeps_what_was_typed_and_shows_both(client, world):
    client.force_login(world.own.users["hms"])
    client.post(
        _url(world, "veiledning:oppgaver_autosave"), {"tekst__oppgave1__0": "Først", "versjon__oppgave1__0": "0"}
    )
    response = client.post(
        _url(world),
        {"tekst__oppgave1__0": "Mitt eget", "versjon__oppgave1__0": "0",
         "tekst__oppgave2__0": "Annen boks", "versjon__oppgave2__0": "0"},
    )  # fmt: skip
    assert response.status_code == 409
    body = response.content.decode()
    assert "Mitt eget" in body and "Først" in body and "Noen andre har lagret et nyere svar" in body
    assert _stored(world) == {("oppgave1", 0): "Først", ("oppgave2", 0): "Annen boks"}


def test_autosave_saves_one_box_and_hands_back_its_new_version(client, world):
    client.force_login(world.own.users["hms"])
    url = _url(world, "veiledning:oppgaver_autosave")
    first = client.post(url, {"tekst__oppgave3a__1": "Utkast", "versjon__oppgave3a__1": "0"})
    assert first.status_code == 200
    body = first.content.decode()
    assert "Lagret kl." in body and 'id="versjon__oppgave3a__1"' in body and 'value="1"' in body
    second = client.post(url, {"tekst__oppgave3a__1": "Utkast to", "versjon__oppgave3a__1": "1"})
    assert "Lagret kl." in second.content.decode()
    stale = client.post(url, {"tekst__oppgave3a__1": "Gammel side", "versjon__oppgave3a__1": "1"})
    assert "noen andre har lagret" in stale.content.decode().lower()
    svar = Oppgavesvar.objects.get(skole=world.own.skole, oppgave="oppgave3a", sporsmal=1)
    assert (svar.tekst, svar.versjon) == ("Utkast to", 2)


def test_autosave_is_for_the_school_group_only(client, world):
    url = _url(world, "veiledning:oppgaver_autosave")
    data = {"tekst__oppgave1__0": "x", "versjon__oppgave1__0": "0"}
    client.force_login(world.veileder)
    assert client.post(url, data).status_code == 403
    client.force_login(world.foreign.users["hms"])
    assert client.post(url, data).status_code == 404
    assert not Oppgavesvar.objects.exists()


def test_an_answer_that_may_name_someone_waits_for_the_group_to_confirm(client, world):
    """DESIGN.md §4: the group tasks are about situations; a name or a diagnosis is held back
    with the reason, kept in the box, and saved once the group confirms it names nobody."""
    client.force_login(world.own.users["hms"])
    url = _url(world, "veiledning:oppgaver_autosave")
    held = client.post(url, {"tekst__oppgave1__0": "Ola Nordmann i 5B slo", "versjon__oppgave1__0": "0"})
    body = held.content.decode()
    assert "Ikke lagret" in body and "et navn" in body
    assert 'name="bekreft__oppgave1__0"' in body and 'id="personvern__oppgave1__0"' in body
    assert not Oppgavesvar.objects.exists()
    tick = re.search(r'name="bekreft__oppgave1__0" value="(\w+)"', body).group(1)
    confirmed = client.post(
        url, {"tekst__oppgave1__0": "Ola Nordmann i 5B slo", "versjon__oppgave1__0": "0", "bekreft__oppgave1__0": tick}
    )
    assert "Lagret kl." in confirmed.content.decode()
    assert (
        Oppgavesvar.objects.get(skole=world.own.skole, oppgave="oppgave1", sporsmal=0).tekst == "Ola Nordmann i 5B slo"
    )
    # The same stored text saved again is not asked about again.
    again = client.post(url, {"tekst__oppgave1__0": "Ola Nordmann i 5B slo", "versjon__oppgave1__0": "1"})
    assert "Ikke lagret" not in again.content.decode()


def test_a_whole_page_save_holds_only_the_box_that_may_name_someone(client, world):
    client.force_login(world.own.users["hms"])
    response = client.post(
        _url(world),
        {"tekst__oppgave1__0": "Eleven med ADHD i 7A", "versjon__oppgave1__0": "0",
         "tekst__oppgave2__0": "Gangen i friminuttet", "versjon__oppgave2__0": "0"},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "Eleven med ADHD i 7A" in body and "en diagnose" in body and 'name="bekreft__oppgave1__0"' in body
    assert _stored(world) == {("oppgave2", 0): "Gangen i friminuttet"}


def test_a_tick_confirms_only_the_text_it_was_shown_for(client, world):
    """Another name typed after the tick is asked about again."""
    client.force_login(world.own.users["hms"])
    url = _url(world, "veiledning:oppgaver_autosave")
    held = client.post(url, {"tekst__oppgave1__0": "Ola Nordmann slo", "versjon__oppgave1__0": "0"}).content.decode()
    tick = re.search(r'name="bekreft__oppgave1__0" value="(\w+)"', held).group(1)
    box = {"versjon__oppgave1__0": "0", "bekreft__oppgave1__0": tick}
    client.post(url, {**box, "tekst__oppgave1__0": "Ola Nordmann slo"})
    later = client.post(url, {**box, "tekst__oppgave1__0": "Ola Nordmann slo Kari Hansen", "versjon__oppgave1__0": "1"})
    assert "Ikke lagret: teksten kan identifisere noen" in later.content.decode()
    assert _stored(world) == {("oppgave1", 0): "Ola Nordmann slo"}


def test_a_held_text_does_not_move_past_a_newer_answer(client, world):
    """Someone else saved meanwhile: the conflict is shown first, never a quiet overwrite."""
    client.force_login(world.own.users["verneombud"])
    url = _url(world, "veiledning:oppgaver_autosave")
    client.post(url, {"tekst__oppgave1__0": "Fra kollega", "versjon__oppgave1__0": "0"})
    client.force_login(world.own.users["hms"])
    response = client.post(url, {"tekst__oppgave1__0": "Ola Nordmann slo", "versjon__oppgave1__0": "0"})
    body = response.content.decode()
    assert "noen andre har lagret" in body.lower() and 'id="versjon__oppgave1__0" value="0"' in body
    assert _stored(world) == {("oppgave1", 0): "Fra kollega"}
