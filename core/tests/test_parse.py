"""The one parser for query and path values: ASCII digits only, bounds checked, and a
bad value is a BadValue (answered 400), never a ValueError or OverflowError."""

from datetime import date

import pytest
from django.urls import resolve
from django.urls.exceptions import Resolver404
from hypothesis import assume, given
from hypothesis import strategies as st

from core.parse import MAX_ID, BadValue, parse_choice, parse_date, parse_id, parse_int, parse_text

ODD_DIGITS = ["²", "³", "¹", "３", "٣", "۳", "߃", "३", "১", "๓", "𝟑", "①", "Ⅲ"]


@pytest.mark.parametrize("value", ["0", "7", "42", "1000"])
def test_parse_int_reads_ascii_digits(value):
    assert parse_int(value, lo=0, hi=1000) == int(value)


@pytest.mark.parametrize(
    "value", ["abc", "", " 1", "1 ", "1\n", "+1", "1.0", "1e3", "10^20", "0x10", "1_000", "-1", "1001", *ODD_DIGITS]
)
def test_parse_int_refuses_everything_else(value):
    with pytest.raises(BadValue):
        parse_int(value, lo=0, hi=1000)


def test_parse_int_negative_only_when_the_range_allows_it():
    assert parse_int("-3", lo=-5, hi=5) == -3
    with pytest.raises(BadValue):
        parse_int("-6", lo=-5, hi=5)


def test_parse_int_default_only_for_a_missing_value():
    assert parse_int(None, lo=0, hi=9, default=3) == 3
    assert parse_int("", lo=0, hi=9, default=None) is None
    with pytest.raises(BadValue):
        parse_int(None, lo=0, hi=9)
    with pytest.raises(BadValue):
        parse_int("x", lo=0, hi=9, default=3)  # a wrong value is not a missing one


def test_parse_int_refuses_a_huge_number_without_converting_it():
    with pytest.raises(BadValue):
        parse_int("9" * 100_000, lo=0, hi=10)


def test_parse_id_fits_the_database_bigint():
    assert parse_id(str(MAX_ID)) == MAX_ID
    for value in ("0", str(MAX_ID + 1), "99999999999999999999"):
        with pytest.raises(BadValue):
            parse_id(value)


def test_parse_choice():
    assert parse_choice("risiko", choices=["", "risiko"]) == "risiko"
    assert parse_choice(None, choices=["risiko"], default="") == ""
    for value in ("x", "RISIKO", "risiko ", "risiko\x00"):
        with pytest.raises(BadValue):
            parse_choice(value, choices=["risiko"], default="")


def test_parse_date():
    lo, hi = date(2020, 1, 1), date(2040, 12, 31)
    assert parse_date("2026-03-01", lo=lo, hi=hi) == date(2026, 3, 1)
    assert parse_date("", lo=lo, hi=hi, default=None) is None
    for value in ("9999-12-31", "0001-01-01", "2026-02-30", "2026-3-1", "20260301", "２０２６-03-01", "2026-03-01T00"):
        with pytest.raises(BadValue):
            parse_date(value, lo=lo, hi=hi)


def test_parse_text():
    assert parse_text("Vestland", max_length=100) == "Vestland"
    assert parse_text(None, max_length=100) == ""
    for value in ("x" * 101, "Vest\x00land", "a\x1bb", "a\nb"):
        with pytest.raises(BadValue):
            parse_text(value, max_length=100)


@given(st.integers(min_value=0, max_value=10**6))
def test_property_every_number_in_range_reads_back(n):
    assert parse_int(str(n), lo=0, hi=10**6) == n


@given(st.text(max_size=30))
def test_property_any_text_is_a_number_or_a_bad_value(text):
    """Never an exception of another kind, and a number only from plain ASCII digits."""
    try:
        n = parse_int(text, lo=-(10**6), hi=10**6)
    except BadValue:
        return
    assert text.lstrip("-").isascii() and text.lstrip("-").isdigit() and n == int(text)


@given(st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=10))
def test_property_non_ascii_digits_are_refused_never_normalised(text):
    assume(not text.isascii())
    with pytest.raises(BadValue):
        parse_int(text, lo=0, hi=10**12)


@given(st.dates())
def test_property_dates_read_back_or_are_out_of_the_window(day):
    lo, hi = date(2000, 1, 1), date(2100, 12, 31)
    if lo <= day <= hi:
        assert parse_date(day.isoformat(), lo=lo, hi=hi) == day
    else:
        with pytest.raises(BadValue):
            parse_date(day.isoformat(), lo=lo, hi=hi)


@given(st.text(max_size=20))
def test_property_any_text_is_a_date_or_a_bad_value(text):
    try:
        parse_date(text, lo=date(2000, 1, 1), hi=date(2100, 12, 31))
    except BadValue:
        pass


@pytest.mark.parametrize(
    "path",
    [
        "/risikovurderinger/99999999999999999999/",
        f"/veiledninger/{MAX_ID + 1}/",
        "/kommuner/%00/",
        "/kommuner/１２３４５６７８９/",
        "/kommuner/12345678/",
        "/e/%00/",
    ],
)
def test_path_values_out_of_bounds_match_no_url(path):
    from urllib.parse import unquote

    with pytest.raises(Resolver404):
        resolve(unquote(path))


def test_path_values_in_bounds_resolve():
    assert resolve(f"/risikovurderinger/{MAX_ID}/").kwargs == {"pk": MAX_ID}
    assert resolve("/kommuner/123456785/").kwargs == {"orgnr": "123456785"}
