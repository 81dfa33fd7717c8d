"""Query, POST and path values read outside a form, parsed in one place. A value that no
page of ours sends is a BadValue, which Django answers with 400 (it is a BadRequest);
never a ValueError from int() or a database error.

Digits are ASCII only: str.isdigit() and int() accept "²", "３" and "٣", which either
crash int() or quietly become a second spelling of the same number."""

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import BadRequest

MAX_ID = 2**63 - 1  # BigAutoField: PostgreSQL's bigint
# Explicit ranges, not \d: Python's \d matches every Unicode decimal digit.
INTEGER = re.compile(r"-?[0-9]{1,19}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadValue(BadRequest):
    """A value the client should not have sent; Django's handler answers 400."""


_REQUIRED = object()


def _missing(default):
    """A missing value (absent or empty) falls back to the default, if there is one."""
    if default is _REQUIRED:
        raise BadValue("missing value")
    return default


def parse_int(value: str | None, *, lo: int, hi: int, default=_REQUIRED) -> int:
    if value is None or value == "":
        return _missing(default)
    # The length is capped by the pattern, so int() never sees a 100,000-digit string.
    if not isinstance(value, str) or INTEGER.fullmatch(value) is None:
        raise BadValue("not an integer")
    number = int(value)
    if not lo <= number <= hi:
        raise BadValue("integer out of range")
    return number


def parse_id(value: str | None, *, default=_REQUIRED) -> int:
    """A primary key: positive and within the database's bigint."""
    return parse_int(value, lo=1, hi=MAX_ID, default=default)


def parse_choice(value: str | None, *, choices: Iterable[str], default=_REQUIRED) -> str:
    if value is None or value == "":
        return _missing(default)
    if value not in set(choices):
        raise BadValue("unknown choice")
    return value


def parse_date(value: str | None, *, lo: date, hi: date, default=_REQUIRED) -> date:
    """An ISO date (YYYY-MM-DD) inside the window [lo, hi]."""
    if value is None or value == "":
        return _missing(default)
    if not isinstance(value, str) or ISO_DATE.fullmatch(value) is None:
        raise BadValue("not a date")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadValue("not a date") from None
    if not lo <= day <= hi:
        raise BadValue("date out of range")
    return day


def parse_text(value: str | None, *, max_length: int, default: str = "") -> str:
    """One line of text for a filter: bounded, and without NUL or other control
    characters (PostgreSQL refuses NUL in any text parameter)."""
    if value is None or value == "":
        return default
    if len(value) > max_length or any(unicodedata.category(c) == "Cc" for c in value):
        raise BadValue("bad text")
    return value
