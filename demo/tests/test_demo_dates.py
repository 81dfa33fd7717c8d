"""The demo's meetings fall on weekdays whatever day `make run` starts, and its follow-ups
on school days (issue 18: the oppstart was on a Saturday)."""

from datetime import date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from veiledning import skoleferie
from veiledning.models import Samling


@pytest.mark.parametrize(
    "today",
    [
        date(2026, 11, 30),  # a Monday: 30 days back is a Saturday, 30 days on is in the Christmas holiday
        date(2026, 12, 4),  # a Friday: tomorrow is a Saturday
    ],
)
def test_demo_meetings_are_on_weekdays_and_follow_ups_on_school_days(db, today):
    with time_machine.travel(datetime.combine(today, time(8), tzinfo=ZoneInfo("Europe/Oslo")), tick=False):
        call_command("seed_demo", stdout=StringIO())
        samlinger = list(Samling.objects.select_related("veiledning__kommune"))
    assert samlinger
    for samling in samlinger:
        day = timezone.localtime(samling.start).date()
        assert day.weekday() < 5, (samling, day)
        if day >= today:
            assert skoleferie.er_skoledag(day), (samling, day, skoleferie.ferie(day))
    follow_ups = [s for s in samlinger if s.type == Samling.Type.OPPFOLGING]
    assert any(timezone.localtime(s.start).date() > today for s in follow_ups)
