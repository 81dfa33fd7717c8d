"""Facilitators run their own Kommune's programmes only, on the Kommune's own copy of the
programme template, which they adapt ("Vår programmal")."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.services import user_set_fasilitator
from conftest import make_user
from kommuner.services import kommune_upsert, skole_upsert
from kommuner.tests.test_fasilitator import make_fasilitator
from veiledning import selectors, services
from veiledning.models import Programmal, Veiledning


@pytest.fixture
def fas(world) -> User:
    return make_fasilitator(world)


def _kommune(n: int, navn: str, type: str = "kommune"):
    from demo.vestland import demo_orgnr

    kommune, _ = kommune_upsert(
        orgnr=demo_orgnr(9_100_000 + n), fields={"nummer": f"{4700 + n}", "navn": navn, "type": type}
    )
    skole_upsert(
        orgnr=demo_orgnr(8_100_000 + n), fields={"navn": f"{navn} skole", "kommune": kommune, "skoletype": "barneskole"}
    )
    return kommune


def _fasilitator_for(kommune, email: str) -> User:
    user = make_user(email, is_veileder=True)
    return user_set_fasilitator(user=user, kommune=kommune, by=None)


# --- Running programmes ---------------------------------------------------------------


def test_a_facilitator_cannot_start_or_join_another_kommunes_programme(client, world, fas):
    other = _kommune(1, "Annenby")
    with pytest.raises(ValidationError, match="fasilitator for Testkommune 1"):
        services.veiledning_create(kommune=other, veiledere=[fas], skoler=other.skoler.all())
    with pytest.raises(ValidationError, match="fasilitator for Testkommune 1"):
        services.veiledning_set_veiledere(
            veiledning=world.foreign.veiledning, veiledere=[world.veileder, fas], by=world.admin
        )
    client.force_login(fas)
    response = client.post(reverse("veiledning:create", args=[other.orgnr]), {"skoler": []})
    assert response.status_code == 404
    assert not Veiledning.objects.filter(kommune=other).exists()


def test_a_facilitator_starts_a_programme_for_the_own_kommune(client, world):
    own = _kommune(2, "Egenby")
    user = _fasilitator_for(own, "egen.fasilitator@example.com")
    client.force_login(user)
    skole = own.skoler.get()
    response = client.post(reverse("veiledning:create", args=[own.orgnr]), {"skoler": [skole.pk]})
    veiledning = Veiledning.objects.get(kommune=own)
    assert response.status_code == 302 and list(veiledning.veiledere.all()) == [user]


def test_the_admin_offers_no_facilitator_of_another_kommune_as_veileder(client, world, fas):
    client.force_login(world.admin)
    response = client.get(reverse("admin:veiledning_veiledning_change", args=[world.foreign.veiledning.pk]))
    choices = {u.pk for u in response.context["adminform"].form.fields["veiledere"].queryset}
    assert fas.pk not in choices and world.veileder.pk in choices
    response = client.get(reverse("admin:veiledning_veiledning_change", args=[world.own.veiledning.pk]))
    assert fas.pk in {u.pk for u in response.context["adminform"].form.fields["veiledere"].queryset}


# --- The Kommune's own template -------------------------------------------------------


def test_the_copy_is_made_once_and_only_its_kommune_gets_it(world, fas):
    general = services.programmal_active(world.own.kommune)
    copy = services.programmal_copy_for(kommune=world.own.kommune, by=fas)
    assert copy.eier_kommune == world.own.kommune and copy.er_aktiv and copy.versjon == 1
    assert copy.navn == f"{general.navn} – Testkommune 1"
    assert copy.innhold == general.innhold and copy.pk != general.pk
    assert services.programmal_copy_for(kommune=world.own.kommune, by=fas) == copy  # a second click
    assert Programmal.objects.filter(eier_kommune=world.own.kommune).count() == 1
    assert services.programmal_active(world.own.kommune) == copy
    assert services.programmal_active(world.foreign.kommune) == general  # never another Kommune's
    assert services.programmal_active() == general
    assert services.programmal_for(None) == general
    assert selectors.programmal_of(_kommune(3, "Tredjeby")) == general
    assert selectors.programmal_own(world.foreign.kommune) is None


def test_a_new_programme_of_the_kommune_starts_on_its_copy(world):
    own = _kommune(4, "Fjerdeby")
    user = _fasilitator_for(own, "fjerde@example.com")
    copy = services.programmal_copy_for(kommune=own, by=user)
    veiledning = services.veiledning_create(kommune=own, veiledere=[user], skoler=own.skoler.all(), by=user)
    assert veiledning.programmal == copy
    foreign = _kommune(5, "Femteby")
    other = services.veiledning_create(kommune=foreign, veiledere=[world.veileder], skoler=foreign.skoler.all())
    assert other.programmal.eier_kommune is None


def test_only_the_kommunes_facilitator_or_an_admin_makes_or_adapts_the_copy(world, fas):
    with pytest.raises(PermissionDenied):
        services.programmal_copy_for(kommune=world.foreign.kommune, by=fas)
    with pytest.raises(PermissionDenied):
        services.programmal_copy_for(kommune=world.own.kommune, by=world.veileder)
    copy = services.programmal_copy_for(kommune=world.own.kommune, by=world.admin)
    other = _fasilitator_for(world.foreign.kommune, "annen.fasilitator@example.com")
    agenda = [{**i["tittel"], "start": i["start"], "slutt": i["slutt"]} for i in copy.innhold["agenda"]]
    with pytest.raises(PermissionDenied):
        services.programmal_adapt(programmal=copy, agenda=agenda, laeringsmal=copy.innhold["laeringsmal"], by=other)
    general = services.programmal_active(world.foreign.kommune)
    with pytest.raises(PermissionDenied):
        services.programmal_adapt(programmal=general, agenda=agenda, laeringsmal=general.innhold["laeringsmal"], by=fas)


def test_adapting_makes_the_next_version_of_the_same_kommunes_copy(world, fas):
    copy = services.programmal_copy_for(kommune=world.own.kommune, by=fas)
    agenda = [{**i["tittel"], "start": i["start"], "slutt": i["slutt"]} for i in copy.innhold["agenda"]]
    agenda[0].update(nb="Velkommen fra fylket", nn="Velkomen frå fylket", start="08:30")
    mal = [{"nb": "Vi kan regelverket", "nn": "Vi kan regelverket"}]
    new = services.programmal_adapt(programmal=copy, agenda=agenda, laeringsmal=mal, by=fas)
    copy.refresh_from_db()
    assert new.versjon == 2 and new.eier_kommune == world.own.kommune and new.er_aktiv and not copy.er_aktiv
    assert new.innhold["agenda"][0]["tittel"] == {"nb": "Velkommen fra fylket", "nn": "Velkomen frå fylket"}
    assert new.innhold["agenda"][0]["start"] == "08:30" and new.innhold["laeringsmal"] == mal
    assert new.innhold["oppgaver"] == copy.innhold["oppgaver"]  # the rest as Arbeidstilsynet wrote it
    assert services.programmal_active(world.own.kommune) == new
    assert services.programmal_adapt(programmal=new, agenda=agenda, laeringsmal=mal, by=fas) == new  # no change
    agenda[1]["slutt"] = "25:00"
    with pytest.raises(ValidationError, match="TT:MM"):
        services.programmal_adapt(programmal=new, agenda=agenda, laeringsmal=mal, by=fas)
    agenda[1]["slutt"] = agenda[1]["start"]
    agenda[2]["nb"] = "x" * 201
    with pytest.raises(ValidationError) as error:
        services.programmal_adapt(programmal=new, agenda=agenda, laeringsmal=[], by=fas)
    assert len(error.value.messages) == 3  # each fault said, not only the first


def test_two_kommuner_of_the_same_name_keep_their_own_copies(world):
    """Norway has two Herøy: a new version of one's copy leaves the other's active."""
    a, b = _kommune(6, "Herøy"), _kommune(7, "Herøy")
    copy_a = services.programmal_copy_for(kommune=a, by=None)
    copy_b = services.programmal_copy_for(kommune=b, by=None)
    assert copy_a.navn == copy_b.navn and copy_b.versjon == 2
    new_a = services.programmal_new_version(programmal=copy_a, innhold=copy_a.innhold, by=None)
    copy_b.refresh_from_db()
    assert new_a.eier_kommune == a and new_a.versjon == 3 and copy_b.er_aktiv
    assert services.programmal_active(b) == copy_b and services.programmal_active(a) == new_a


def test_the_general_template_keeps_no_owner_on_a_new_version(world):
    general = services.programmal_active()
    new = services.programmal_new_version(programmal=general, innhold=general.innhold, by=world.admin)
    assert new.eier_kommune is None and services.programmal_active() == new


# --- The page -------------------------------------------------------------------------


def _post_data(mal: Programmal) -> dict:
    data = {}
    for i, item in enumerate(mal.innhold["agenda"]):
        data.update({f"agenda_{i}_nb": item["tittel"]["nb"], f"agenda_{i}_nn": item["tittel"]["nn"]})
        data.update({f"agenda_{i}_start": item["start"], f"agenda_{i}_slutt": item["slutt"]})
    for j, goal in enumerate(mal.innhold["laeringsmal"]):
        data.update({f"mal_{j}_nb": goal["nb"], f"mal_{j}_nn": goal["nn"]})
    return data


def test_the_facilitator_makes_and_adapts_the_copy_on_the_page(client, world, fas):
    client.force_login(fas)
    url = reverse("veiledning:programmal", args=[world.own.kommune.orgnr])
    body = client.get(url).content.decode()
    assert "ingen egen kopi" in body and reverse("veiledning:programmal_kopier", args=[world.own.kommune.orgnr]) in body
    response = client.post(reverse("veiledning:programmal_kopier", args=[world.own.kommune.orgnr]))
    assert response.status_code == 302 and response["Location"] == url
    copy = selectors.programmal_own(world.own.kommune)
    client.post(reverse("veiledning:programmal_kopier", args=[world.own.kommune.orgnr]))
    assert Programmal.objects.filter(eier_kommune=world.own.kommune).count() == 1
    body = client.get(url).content.decode()
    assert "versjon 1" in body and copy.innhold["agenda"][0]["tittel"]["nb"] in body

    data = _post_data(copy)
    data.update(
        agenda_0_nb="Opning ved fylkesdirektøren",
        mal_3_nb="Vi veit kven vi ringjer",
        mal_3_nn="Vi veit kven vi ringjer",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    new = selectors.programmal_own(world.own.kommune)
    assert new.versjon == 2 and new.innhold["agenda"][0]["tittel"]["nb"] == "Opning ved fylkesdirektøren"
    assert len(new.innhold["laeringsmal"]) == len(copy.innhold["laeringsmal"]) + 1


def test_an_invalid_form_says_why_in_norwegian_and_keeps_what_was_written(client, world, fas):
    copy = services.programmal_copy_for(kommune=world.own.kommune, by=fas)
    client.force_login(fas)
    url = reverse("veiledning:programmal", args=[world.own.kommune.orgnr])
    data = _post_data(copy)
    data.update(agenda_0_nb="Ny tittel som blir stående", agenda_1_start="9.15", agenda_2_nn="y" * 201, mal_0_nn="")
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ny tittel som blir stående" in body and 'value="9.15"' in body
    assert "Skriv tiden som TT:MM" in body
    assert "Skriv læringsmålet på nynorsk også." in body
    assert "200" in body  # the bound of the too long title
    assert selectors.programmal_own(world.own.kommune) == copy  # nothing saved


def test_the_page_is_not_for_another_kommunes_facilitator_nor_its_people(client, world, fas):
    url = reverse("veiledning:programmal", args=[world.own.kommune.orgnr])
    other = _fasilitator_for(world.foreign.kommune, "annen.fasilitator@example.com")
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(reverse("veiledning:programmal_kopier", args=[world.own.kommune.orgnr])).status_code == 404
    client.force_login(world.own.users["skoleeier"])
    assert client.get(url).status_code == 403
    assert client.post(reverse("veiledning:programmal_kopier", args=[world.own.kommune.orgnr])).status_code == 403
    client.force_login(world.own.users["hms"])
    assert client.get(url).status_code == 404
    client.force_login(world.veileder)
    assert client.get(url).status_code == 403
    assert not Programmal.objects.filter(eier_kommune__isnull=False).exists()
    client.force_login(world.admin)
    assert client.get(url).status_code == 200
