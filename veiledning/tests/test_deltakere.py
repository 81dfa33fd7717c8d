"""Participants of a Samling: added from the Kommune's contacts and the previous meeting
in one action, told why none were added, removable, and a repeat told clearly (issue 18)."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit import history_for
from demo.vestland import demo_orgnr
from kommuner.services import skole_upsert
from veiledning.models import Deltaker
from veiledning.services import deltaker_add, deltaker_remove, veiledning_set_skoler


def _url(samling):
    return reverse("veiledning:deltakere", args=[samling.pk])


def _oppfolging(world):
    return world.own.veiledning.samlinger.get(type="oppfolging")


def test_participants_come_from_contacts_and_the_previous_meeting_in_one_action(client, world):
    seminar, oppfolging = world.own.seminar, _oppfolging(world)
    gjest = deltaker_add(samling=seminar, navn="Gro Gjest", epost="gro@example.com", rolle="annet")
    client.force_login(world.veileder)
    page = client.get(_url(oppfolging)).content.decode()
    hvo = world.own.kontakter["hvo"]
    assert f'name="forrige" value="{gjest.pk}"' in page  # from the seminar, the meeting before
    assert "Gro Gjest" in page
    already = set(oppfolging.deltakere.values_list("epost", flat=True))
    assert hvo.epost in already and f'name="kontakter" value="{hvo.pk}"' not in page  # already there: not offered
    rektor = world.own.kontakter["hms"]
    response = client.post(_url(oppfolging), {"forrige": [gjest.pk], "kontakter": [rektor.pk]})
    assert response.status_code == 302
    added = {d.epost: d for d in oppfolging.deltakere.all()}
    assert "gro@example.com" in added and rektor.epost in added
    assert added[rektor.epost].kontakt == rektor and added[rektor.epost].skole == world.own.skole
    assert "2 deltakere er lagt til." in client.get(_url(oppfolging)).content.decode()


def test_adding_the_hms_groups_says_why_nobody_was_added(client, world):
    client.force_login(world.veileder)
    seminar = world.own.seminar
    response = client.post(_url(seminar), {"hms_grupper": "1"}, follow=True)
    assert "alle er allerede påmeldt" in response.content.decode()

    veiledning_set_skoler(veiledning=world.own.veiledning, skoler=[], by=world.veileder)
    response = client.post(_url(seminar), {"hms_grupper": "1"}, follow=True)
    assert "Ingen skoler er valgt" in response.content.decode()

    tom, _ = skole_upsert(
        orgnr=demo_orgnr(8_000_099),
        fields={"navn": "Tom skole", "kommune": world.own.kommune, "skoletype": "barneskole"},
    )
    veiledning_set_skoler(veiledning=world.own.veiledning, skoler=[tom], by=world.veileder)
    response = client.post(_url(seminar), {"hms_grupper": "1"}, follow=True)
    assert "har ingen rektor, verneombud eller tillitsvalgt registrert" in response.content.decode()


def test_a_participant_is_removed_behind_a_confirm_dialog_and_it_is_recorded(client, world):
    seminar = world.own.seminar
    deltaker = seminar.deltakere.first()
    client.force_login(world.veileder)
    page = client.get(_url(seminar)).content.decode()
    url = reverse("veiledning:deltaker_remove", args=[seminar.pk, deltaker.pk])
    assert f'action="{url}"' in page and "<dialog" in page
    response = client.post(url)
    assert response.status_code == 302
    assert not Deltaker.objects.filter(pk=deltaker.pk).exists()
    assert history_for(deltaker).filter(action="delete", actor=world.veileder).exists()


def test_a_participant_who_attended_is_kept(world):
    deltaker = world.own.seminar.deltakere.first()
    deltaker.oppmott = True
    deltaker.save()
    try:
        deltaker_remove(deltaker=deltaker, by=world.veileder)
    except ValidationError as error:
        assert "registrert som møtt" in " ".join(error.messages)
    else:
        raise AssertionError("removed a participant whose attendance is recorded")
    assert Deltaker.objects.filter(pk=deltaker.pk).exists()


def test_a_repeated_address_is_told_at_the_field_in_plain_norwegian(client, world):
    seminar = world.own.seminar
    existing = seminar.deltakere.first()
    client.force_login(world.veileder)
    response = client.post(
        _url(seminar), {"navn": "Noen", "epost": existing.epost.upper(), "rolle": "annet", "skole": ""}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["epost"] == [f"{existing.epost} er allerede påmeldt denne samlingen."]
    assert "finnes allerede" not in response.content.decode()
    assert seminar.deltakere.filter(epost=existing.epost).count() == 1


def test_only_the_veileder_removes(client, world):
    seminar = world.own.seminar
    deltaker = seminar.deltakere.first()
    client.force_login(world.own.users["hms"])
    assert client.post(reverse("veiledning:deltaker_remove", args=[seminar.pk, deltaker.pk])).status_code == 403
    assert Deltaker.objects.filter(pk=deltaker.pk).exists()


def test_one_participant_added_is_told_in_the_singular(client, world):
    oppfolging = _oppfolging(world)
    client.force_login(world.veileder)
    rektor = world.own.kontakter["hms"]
    client.post(_url(oppfolging), {"kontakter": [rektor.pk]})
    page = client.get(_url(oppfolging)).content.decode()
    assert "1 deltaker er lagt til." in page and "1 deltakere" not in page
