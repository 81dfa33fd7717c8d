"""Property-based tests (Hypothesis) for what parses people's input (issue 15): the orgnr,
an import row and the autosave payload. Whatever comes in, the answer is a clear yes or a
message, never an exception, and only ASCII digits count as digits."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kommuner.importing import ImportFailed, import_kommuner
from kommuner.models import Kommune
from kommuner.validators import is_valid_orgnr, orgnr_check_digit, validate_orgnr

ASCII_DIGITS = st.text(alphabet="0123456789", min_size=8, max_size=8)
ANY_TEXT = st.text(max_size=40)


def with_check_digit(first8: str) -> str | None:
    check = orgnr_check_digit(first8)
    return None if check is None else first8 + str(check)


@given(ASCII_DIGITS)
def test_a_valid_orgnr_is_accepted_and_any_changed_digit_is_refused(first8):
    orgnr = with_check_digit(first8)
    if orgnr is None:
        return
    assert is_valid_orgnr(orgnr)
    validate_orgnr(orgnr)
    changed = orgnr[:8] + str((int(orgnr[8]) + 1) % 10)
    assert not is_valid_orgnr(changed)


@given(ANY_TEXT)
def test_any_text_is_a_valid_orgnr_or_a_message(value):
    try:
        validate_orgnr(value)
    except ValidationError as error:
        assert error.messages
    else:
        assert len(value) == 9 and all(c in "0123456789" for c in value)


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
OTHER_DIGITS = st.sampled_from(["２", "²", "٣", "৪", "𝟓"])


@given(ASCII_DIGITS, OTHER_DIGITS, st.integers(min_value=0, max_value=8))
def test_digits_that_are_not_ascii_are_never_an_orgnr(first8, odd, at):
    orgnr = with_check_digit(first8)
    if orgnr is None:
        return
    assert not is_valid_orgnr(orgnr.translate(FULLWIDTH))
    assert not is_valid_orgnr(orgnr[:at] + odd + orgnr[at + 1 :])


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=30), min_size=4, max_size=7))
def test_an_import_row_of_anything_is_imported_or_reported_by_line(values):
    row = ";".join(v.replace(";", ",").replace("\n", " ").replace("\r", " ").replace('"', "") for v in values)
    text = "orgnr;nummer;navn;type;fylke;malform;postmottak\n" + row + "\n"
    before = Kommune.objects.count()
    try:
        import_kommuner(text)
    except ImportFailed as failed:
        assert failed.errors and all(e.line >= 1 and str(e) for e in failed.errors)
        assert Kommune.objects.count() == before


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(
            ["hvor", "hvor_annet", "nar", "situasjon", "utsatte", "hendelse", "faktorer", "sannsynlighet",
             "alvorlighet", "versjon", "behold", "behold_versjon", "bekreft"]
        ),
        st.one_of(st.text(max_size=50), st.integers().map(str), st.sampled_from(["²", "９", "9" * 31, "-1"])),
    )
)  # fmt: skip
@example({"behold": "1", "behold_versjon": "²", "versjon": "1"})
def test_any_autosave_payload_is_saved_or_refused_never_an_error(client, world, payload):
    client.force_login(world.own.users["hms"])
    response = client.post(reverse("risikovurdering:rad_autosave", args=[world.own.rad.pk]), payload)
    assert response.status_code < 500
