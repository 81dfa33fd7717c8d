"""Bounds on the evaluation (issue 15, part 1): its window inside the programme's dates
(year 9999 or 0001 is a message, never an OverflowError), and an answer only to the
questions asked, on the scale asked, within the text limit, whatever the caller."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluering import services
from evaluering.models import Svar

MB = "x" * 1_000_000


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_an_evaluation_window_in_year_9999_or_0001_is_a_form_error(client, world, year):
    evaluering = world.own.seminar.evaluering
    before = (evaluering.apner_at, evaluering.lukker_at)
    client.force_login(world.veileder)
    data = {"apner_at": f"{year}-01-02T10:00", "lukker_at": f"{year}-12-30T12:00"}
    response = client.post(reverse("evaluering:detail", args=[evaluering.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Datoen må være mellom" in errors["apner_at"][0] and "lukker_at" in errors
    evaluering.refresh_from_db()
    assert (evaluering.apner_at, evaluering.lukker_at) == before


@pytest.mark.parametrize("year", [9999, 1])
def test_the_window_service_refuses_a_far_date(world, year):
    start = datetime(year, 6, 1, 10, tzinfo=timezone.get_current_timezone())
    with pytest.raises(ValidationError):
        services.evaluering_set_window(
            evaluering=world.own.seminar.evaluering, apner_at=start, lukker_at=start + timedelta(days=1), by=None
        )


def _open(evaluering):
    now = timezone.now()
    return services.evaluering_set_window(
        evaluering=evaluering, apner_at=now - timedelta(minutes=5), lukker_at=now + timedelta(days=1), by=None
    )


@pytest.mark.parametrize(
    "answers, rolle",
    [
        ({"kommentar": MB}, ""),
        ({"kommentar": "a\x00b"}, ""),
        ({"kunnskap": 40_000}, ""),
        ({"kunnskap": 0}, ""),
        ({"kunnskap": "5"}, ""),  # a Likert answer is a number
        ({"forst": 3}, ""),  # free text is text
        ({"ukjent": "et svar uten spørsmål"}, ""),
        ({"x" * 41: "a"}, ""),
        ({}, "x" * 21),
        ({}, "rektor\x00"),
    ],
)
def test_the_answer_service_refuses_what_the_form_would(world, answers, rolle):
    evaluering = _open(world.own.seminar.evaluering)
    with pytest.raises(ValidationError):
        services.besvarelse_submit(evaluering=evaluering, device_token="abc", answers=answers, rolle=rolle)
    assert not evaluering.besvarelser.exists() and not Svar.objects.exists()


def test_a_megabyte_free_text_answer_is_a_form_error_and_the_rest_is_kept(client, world):
    evaluering = _open(world.own.seminar.evaluering)
    data = {"kunnskap": "4", "forst": "Gå gjennom rutinene", "kommentar": MB}
    client.get(reverse("evaluering:svar", args=[evaluering.token]))  # the form sets the device cookie
    response = client.post(reverse("evaluering:svar", args=[evaluering.token]), data)
    assert response.status_code == 400
    assert "kommentar" in response.context["form"].errors
    assert "Gå gjennom rutinene" in response.content.decode()
    assert not evaluering.besvarelser.exists()
