"""School holidays and weekends, for proposing dates: the follow-up about six months after
the seminar falls on a school day (DESIGN.md §3, step 5).

Holidays differ a little between kommuner and years, so they are data: settings.SKOLEFERIER
(when set) replaces the defaults below. Each period is one of
  {"navn": …, "fra": "MM-DD", "til": "MM-DD"}          every year (may span the new year)
  {"navn": …, "fra": "YYYY-MM-DD", "til": "YYYY-MM-DD"}  one dated period
  {"navn": …, "uker": [8]}                              ISO weeks, Monday to Sunday
  {"navn": …, "paske": [-6, 1]}                         days from Easter Sunday (computed)
"""

from datetime import date, datetime, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import date_format

# The usual Norwegian school year: summer from about 20 June to mid-August, autumn break in
# week 40, Christmas from 21 December to 2 January, winter break in week 8 (east) or 9
# (west), Easter from the Monday of Holy Week to Easter Monday, and the public holidays on
# school days (1 and 17 May, Ascension Day, Whit Monday).
DEFAULT_SKOLEFERIER: list[dict] = [
    {"navn": gettext_lazy("sommerferien"), "fra": "06-20", "til": "08-17"},
    {"navn": gettext_lazy("høstferien"), "uker": [40]},
    {"navn": gettext_lazy("juleferien"), "fra": "12-21", "til": "01-02"},
    {"navn": gettext_lazy("vinterferien"), "uker": [8, 9]},
    {"navn": gettext_lazy("påskeferien"), "paske": [-6, 1]},
    {"navn": gettext_lazy("1. mai"), "fra": "05-01", "til": "05-01"},
    {"navn": gettext_lazy("17. mai"), "fra": "05-17", "til": "05-17"},
    {"navn": gettext_lazy("Kristi himmelfartsdag"), "paske": [39, 39]},
    {"navn": gettext_lazy("2. pinsedag"), "paske": [50, 50]},
]

SEARCH_DAYS = 120  # the farthest a proposal moves from its date (no holiday lasts longer)


def perioder() -> list[dict]:
    return getattr(settings, "SKOLEFERIER", None) or DEFAULT_SKOLEFERIER


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


def _contains(periode: dict, day: date) -> bool:
    if "uker" in periode:
        return day.isocalendar().week in periode["uker"]
    if "paske" in periode:
        fra, til = periode["paske"]
        sunday = easter(day.year)
        return sunday + timedelta(days=fra) <= day <= sunday + timedelta(days=til)
    fra, til = periode["fra"], periode["til"]
    if len(fra) == 10:  # a dated period
        return date.fromisoformat(fra) <= day <= date.fromisoformat(til)
    here, start, end = (day.month, day.day), _month_day(fra), _month_day(til)
    if start <= end:
        return start <= here <= end
    return here >= start or here <= end  # across the new year


def ferie(day: date) -> str | None:
    """The name of the holiday `day` falls in (in the reader's language), or None."""
    return next((str(p["navn"]) for p in perioder() if _contains(p, day)), None)


def er_skoledag(day: date) -> bool:
    return day.weekday() < 5 and ferie(day) is None


def not_a_school_day(day: date) -> str:
    """Why `day` is no school day, in words for the veileder; "" if it is one."""
    why = ferie(day) or (date_format(day, "l") if day.weekday() >= 5 else "")
    if not why:
        return ""
    return _("Merk: %(dato)s er ikke en skoledag (%(hvorfor)s).") % {"dato": date_format(day, "j. F Y"), "hvorfor": why}


def nearest_skoledag(day: date) -> date:
    """`day` if it is a school day, else the nearest one (the later on a tie)."""
    for distance in range(SEARCH_DAYS + 1):
        for candidate in (day + timedelta(days=distance), day - timedelta(days=distance)):
            if er_skoledag(candidate):
                return candidate
    return day  # a setting that leaves no school day near: the date as it is


def on_skoledag(moment: datetime) -> datetime:
    """`moment` moved to the nearest school day, at the same local time of day."""
    local = timezone.localtime(moment)
    day = nearest_skoledag(local.date())
    return local + timedelta(days=(day - local.date()).days)  # same zone: the wall clock stays


OPPFOLGING_ETTER = relativedelta(months=6)


def oppfolging_forslag(seminar_start: datetime) -> datetime:
    """The follow-up's proposed start: six months after the seminar, on the nearest school
    day, at the seminar's local time of day (summer time or not)."""
    return on_skoledag(timezone.localtime(seminar_start) + OPPFOLGING_ETTER)
