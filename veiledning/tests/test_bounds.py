"""Bounds on what people type in the programme (issue 15, part 1): meeting notes, group
task answers, self-assessment comments and step reasons have maximum lengths; a
meeting outside the programme's window is a message, never an OverflowError; a group
task answer must name a task and a question of the template in force."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from veiledning import services
from veiledning.models import Oppgavesvar, StegEndring

MB = "x" * 1_000_000


def _samling_post(**fields) -> dict:
    dato = (timezone.localdate() + timedelta(days=20)).isoformat()
    return {"dato": dato, "start_tid": "09:00", "slutt_tid": "13:00", "sted": "Kulturhuset", "notater": "", **fields}


def test_megabyte_meeting_notes_are_refused_and_the_rest_is_kept(client, world):
    seminar = world.own.seminar
    client.force_login(world.veileder)
    url = reverse("veiledning:samling_edit", args=[world.own.veiledning.pk, "seminar"])
    response = client.post(url, _samling_post(notater=MB))
    assert response.status_code == 200
    assert "notater" in response.context["form"].errors
    body = response.content.decode()
    assert 'value="Kulturhuset"' in body and "Høyst 5000 tegn." in body
    seminar.refresh_from_db()
    assert seminar.sted == "Rådhuset" and seminar.notater == ""
    with pytest.raises(ValidationError):
        services.samling_set_notater(samling=seminar, notater=MB, by=world.veileder)
    with pytest.raises(ValidationError):
        services.samling_set_notater(samling=seminar, notater="a\x00b", by=world.veileder)


@pytest.mark.parametrize("dato", ["9999-12-31", "0001-01-01"])
def test_a_meeting_in_year_9999_or_0001_is_a_message_not_a_500(client, world, dato):
    seminar = world.own.seminar
    before = seminar.start
    client.force_login(world.veileder)
    for type_ in ("seminar", "oppstart"):
        url = reverse("veiledning:samling_edit", args=[world.own.veiledning.pk, type_])
        response = client.post(url, _samling_post(dato=dato))
        assert response.status_code == 200
        assert "Datoen må være mellom" in response.context["form"].errors["dato"][0]
        assert 'value="Kulturhuset"' in response.content.decode()
    seminar.refresh_from_db()
    assert seminar.start == before and not world.own.veiledning.samlinger.filter(type="oppstart").exists()


@pytest.mark.parametrize("year", [9999, 1])
def test_the_scheduling_service_refuses_a_far_date_whatever_the_caller(world, year):
    start = datetime(year, 1 if year == 1 else 12, 2 if year == 1 else 30, 9, tzinfo=timezone.get_current_timezone())
    with pytest.raises(ValidationError):
        services.samling_schedule(
            veiledning=world.own.veiledning, type="seminar", start=start, slutt=start + timedelta(hours=4)
        )
    with pytest.raises(ValidationError):
        services.samling_schedule(
            veiledning=world.own.veiledning, type="oppstart", start=start, slutt=start + timedelta(hours=4)
        )


def _oppgaver_url(world) -> str:
    return reverse("veiledning:oppgaver", args=[world.own.veiledning.pk, world.own.skole.pk])


@pytest.mark.parametrize(
    "oppgave, sporsmal", [("x" * 41, 0), ("ukjent", 0), ("oppgave1", 3), ("handlingsplan_kommune", 0)]
)
def test_an_unknown_task_or_question_is_refused_with_a_message(client, world, oppgave, sporsmal):
    client.force_login(world.own.users["hms"])
    data = {f"tekst__{oppgave}__{sporsmal}": "Gangen ved kantina", f"versjon__{oppgave}__{sporsmal}": 0}
    response = client.post(_oppgaver_url(world), data)
    assert response.status_code == 400
    assert "Ukjent oppgave eller spørsmål." in response.content.decode()
    assert not Oppgavesvar.objects.exists()
    with pytest.raises(ValidationError):
        services.oppgavesvar_save(
            veiledning=world.own.veiledning, skole=world.own.skole, oppgave=oppgave, sporsmal=sporsmal,
            tekst="Gangen", versjon=0, by=world.own.users["hms"],
        )  # fmt: skip


def test_a_megabyte_group_task_answer_is_refused_and_kept_in_its_box(client, world):
    client.force_login(world.own.users["hms"])
    tekst = "Gangen ved kantina " + MB
    response = client.post(_oppgaver_url(world), {"tekst__oppgave1__1": tekst, "versjon__oppgave1__1": 0})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Gangen ved kantina" in body and 'maxlength="5000"' in body
    assert not Oppgavesvar.objects.exists()
    for bad in (MB, "a\x00b"):
        with pytest.raises(ValidationError):
            services.oppgavesvar_save(
                veiledning=world.own.veiledning, skole=world.own.skole, oppgave="oppgave1", sporsmal=0,
                tekst=bad, versjon=0, by=world.own.users["hms"],
            )  # fmt: skip
    ok = services.oppgavesvar_save(
        veiledning=world.own.veiledning, skole=world.own.skole, oppgave="oppgave1", sporsmal=2,
        tekst="Kort svar", versjon=0, by=world.own.users["hms"],
    )  # fmt: skip
    assert ok.tekst == "Kort svar"


def _egenvurdering_url(world) -> str:
    return reverse("veiledning:egenvurdering", args=[world.own.veiledning.pk, world.own.skole.pk, "baseline"])


def test_a_megabyte_self_assessment_comment_is_refused_and_the_answers_are_kept(client, world):
    client.force_login(world.own.users["hms"])
    data = {"kartlegging__svar": "ja", "kartlegging__kommentar": MB, "avvik__kommentar": "Vi melder mer nå"}
    response = client.post(_egenvurdering_url(world), data)
    assert response.status_code == 200
    assert "kartlegging__kommentar" in response.context["form"].errors
    assert "Vi melder mer nå" in response.content.decode()
    assert not world.own.veiledning.egenvurderinger.exists()
    for kommentar in (MB, "a\x00b"):
        with pytest.raises(ValidationError):
            services.egenvurdering_save(
                veiledning=world.own.veiledning, skole=world.own.skole, fase="baseline",
                svar={"kartlegging": {"svar": "ja", "kommentar": kommentar}}, ferdig=False, by=world.own.users["hms"],
            )  # fmt: skip
    assert not world.own.veiledning.egenvurderinger.exists()


def test_a_megabyte_reason_for_a_step_is_refused(world):
    for grunn in (MB, "a\x00b"):
        with pytest.raises(ValidationError):
            services.veiledning_set_steg(veiledning=world.own.veiledning, til="seminar", grunn=grunn, by=world.veileder)
    assert not StegEndring.objects.filter(til="seminar").exists()


def test_a_participant_name_longer_than_its_column_is_a_form_error(client, world):
    client.force_login(world.veileder)
    url = reverse("veiledning:deltakere", args=[world.own.seminar.pk])
    response = client.post(url, {"navn": "x" * 201, "epost": "ny@example.com", "rolle": "annet"})
    assert response.status_code == 200 and "navn" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.deltaker_add(samling=world.own.seminar, navn="a\x00b", epost="ny@example.com", rolle="annet")
