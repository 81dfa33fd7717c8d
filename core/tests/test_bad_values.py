"""Issue 15, item 2: query, POST and path values that no page of ours sends are answered
400 or 404, never 500 (the examples from the issue, as requests)."""

import pytest
from django.urls import reverse

from conftest import make_tenant
from core.parse import MAX_ID
from handlingsplan.models import Handlingsplan
from veiledning.models import Oppgavesvar

BAD_NUMBERS = ["abc", "-1", "10^20", "99999999999999999999", "²", "３", "1.5", " 1", "\x00"]


@pytest.fixture
def as_hms(client, world):
    client.force_login(world.own.users["hms"])
    return client


@pytest.fixture
def as_admin(client, world):
    client.force_login(world.admin)
    return client


def _oppgaver_url(world):
    return reverse("veiledning:oppgaver", args=[world.own.veiledning.pk, world.own.skole.pk])


def test_a_good_group_task_answer_is_saved(as_hms, world):
    response = as_hms.post(_oppgaver_url(world), {"tekst__oppgave1__1": "Ja", "versjon__oppgave1__1": "0"})
    assert response.status_code == 302
    assert Oppgavesvar.objects.get().sporsmal == 1


@pytest.mark.parametrize("field", ["sporsmal", "versjon"])
@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_group_task_answer_with_a_bad_number_is_400(as_hms, world, field, value):
    """Each box is named by its task and question (tekst__oppgave1__0) and carries its version."""
    sporsmal = value if field == "sporsmal" else "0"
    data = {
        f"tekst__oppgave1__{sporsmal}": "Svar",
        f"versjon__oppgave1__{sporsmal}": value if field == "versjon" else "0",
    }
    assert as_hms.post(_oppgaver_url(world), data).status_code == 400
    assert not Oppgavesvar.objects.exists()


def test_new_measure_prefilled_from_a_row_and_a_suggestion(as_hms, world):
    from handlingsplan.models import Tiltaksforslag

    forslag = Tiltaksforslag.objects.first()
    url = reverse("handlingsplan:tiltak_new", args=[world.own.plan.pk])
    response = as_hms.get(url, {"rad": world.own.rad.pk, "forslag": forslag.pk if forslag else ""})
    assert response.status_code == 200
    assert list(response.context["form"].initial["risikoforhold"]) == [world.own.rad]


@pytest.mark.parametrize("param", ["rad", "forslag"])
@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_new_measure_with_a_bad_row_or_suggestion_is_400(as_hms, world, param, value):
    url = reverse("handlingsplan:tiltak_new", args=[world.own.plan.pk])
    assert as_hms.get(url, {param: value}).status_code == 400


def test_new_measure_for_a_row_that_does_not_exist_is_shown_without_it(as_hms, world):
    url = reverse("handlingsplan:tiltak_new", args=[world.own.plan.pk])
    response = as_hms.get(url, {"rad": str(MAX_ID), "forslag": str(MAX_ID)})
    assert response.status_code == 200 and not response.context["form"].initial.get("risikoforhold")


@pytest.mark.parametrize(
    "query",
    [
        {"veileder": "abc"},
        {"veileder": "²"},
        {"veileder": "99999999999999999999"},
        {"steg": "ukjent"},
        {"fylke": "x" * 1_000_000},
        {"fylke": "Vest\x00land"},
        {"side": "abc"},
        {"side": "-1"},
        {"side": "0"},
        {"side": "99999999999999999999"},
        {"side": "٣"},
    ],
)
def test_dashboard_with_bad_filters_is_400(as_admin, query):
    assert as_admin.get(reverse("veiledning:dashboard"), query).status_code == 400


def test_dashboard_with_good_filters(as_admin, world):
    query = {"veileder": world.veileder.pk, "steg": "planlagt", "fylke": "", "side": "7"}
    response = as_admin.get(reverse("veiledning:dashboard"), query)
    assert response.status_code == 200  # a page past the end shows the last one
    assert [v.pk for v in response.context["veiledninger"]] == [world.own.veiledning.pk]


@pytest.fixture
def planless(world):
    """A school in a Veiledning that has no action plan yet."""
    return make_tenant(3, veileder=world.veileder, with_plan=False)


@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999", "\x00"])
def test_starting_a_school_plan_with_a_bad_veiledning_is_400(client, planless, value):
    client.force_login(planless.users["hms"])
    url = reverse("handlingsplan:skole_plan", args=[planless.skole.pk])
    assert client.get(url, {"veiledning": value}).status_code == 400
    assert client.post(url, {"veiledning": value}).status_code == 400
    assert not Handlingsplan.objects.filter(skole=planless.skole).exists()


def test_starting_a_school_plan_with_its_veiledning(client, planless):
    client.force_login(planless.users["hms"])
    url = reverse("handlingsplan:skole_plan", args=[planless.skole.pk])
    assert client.get(url, {"veiledning": planless.veiledning.pk}).status_code == 200
    assert client.post(url, {"veiledning": planless.veiledning.pk}).status_code == 302
    assert Handlingsplan.objects.get(skole=planless.skole).veiledning == planless.veiledning


@pytest.mark.parametrize("value", ["²", "３", "abc", "-1", "99999999999999999999"])
def test_autosave_keeping_my_text_with_a_bad_version_is_400(as_hms, world, value):
    rad = world.own.rad
    data = {"versjon": 1, "situasjon": "Min tekst", "hvor": "gang", "behold": "1", "behold_versjon": value}
    assert as_hms.post(reverse("risikovurdering:rad_autosave", args=[rad.pk]), data).status_code == 400
    rad.refresh_from_db()
    assert rad.situasjon != "Min tekst"


@pytest.mark.parametrize(
    "name, arg, query",
    [
        ("risikovurdering:detail", "vurdering", {"sorter": "x"}),
        ("pages:outbox", None, {"vis": "x"}),
        ("pages:outbox", None, {"side": "abc"}),
        ("kommuner:kommune_list", None, {"side": "-1"}),
        ("kommuner:kontakt_create", "kommune", {"skole": "abc"}),
    ],
)
def test_lists_and_pages_with_bad_query_values_are_400(as_admin, world, name, arg, query):
    args = {
        "vurdering": [world.own.vurdering.pk],
        "veiledning": [world.own.veiledning.pk],
        "kommune": [world.own.kommune.orgnr],
        None: [],
    }[arg]
    url = reverse(name, args=args)
    assert as_admin.get(url).status_code == 200
    assert as_admin.get(url, query).status_code == 400


def test_attendance_with_an_unknown_value_is_400(client, world):
    client.force_login(world.veileder)
    deltaker = world.own.seminar.deltakere.first()
    url = reverse("veiledning:oppmott", args=[world.own.seminar.pk, deltaker.pk])
    assert client.post(url, {"oppmott": "kanskje"}).status_code == 400
    assert client.post(url, {"oppmott": "ja"}).status_code == 302
    deltaker.refresh_from_db()
    assert deltaker.oppmott is True
    assert client.post(url, {}).status_code == 302  # nothing sent clears the mark
    deltaker.refresh_from_db()
    assert deltaker.oppmott is None


@pytest.mark.parametrize(
    "path",
    [
        "/risikovurderinger/99999999999999999999/",
        "/risikovurderinger/9223372036854775808/",
        "/veiledninger/99999999999999999999/",
        "/handlingsplaner/99999999999999999999/nytt-tiltak/",
        "/skoler/99999999999999999999/",
        "/kommuner/%00/",
        "/kommuner/%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98%EF%BC%99/",
        "/e/%00/",
        "/invitasjon/%00/",
    ],
)
def test_path_values_out_of_bounds_are_404(as_admin, path):
    assert as_admin.get(path).status_code == 404


def test_second_factor_setup_with_odd_digits_says_the_code_is_wrong(as_admin):
    response = as_admin.post(reverse("accounts:to_faktor_oppsett"), {"kode": "²²²²²²"})
    assert response.status_code == 200
    assert "Koden stemmer ikke" in response.content.decode()
