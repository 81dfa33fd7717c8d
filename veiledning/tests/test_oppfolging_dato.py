"""The follow-up six months after the seminar is proposed on a school day: not in the
summer, Christmas, Easter or winter holidays, not on a weekend, and stays editable."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.easter import easter
from django.urls import reverse
from django.utils import timezone

from veiledning import services, skoleferie
from veiledning.models import Samling

OSLO = ZoneInfo("Europe/Oslo")


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=OSLO)


def test_a_9_february_seminar_does_not_get_9_august(world):
    veiledning = world.foreign.veiledning
    seminar = services.samling_schedule(
        veiledning=veiledning, type="seminar", start=_at(date(2027, 2, 9)), slutt=_at(date(2027, 2, 9), 13)
    )
    oppfolging = veiledning.samlinger.get(type=Samling.Type.OPPFOLGING)
    day = timezone.localtime(oppfolging.start).date()
    assert day != date(2027, 8, 9)
    assert skoleferie.er_skoledag(day), day
    # about six months on: within three weeks of 9 August, after the summer holiday
    assert abs((day - date(2027, 8, 9)).days) <= 21 and day > date(2027, 8, 9)
    assert timezone.localtime(oppfolging.start).time() == timezone.localtime(seminar.start).time()


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2027, 7, 10), True),  # summer
        (date(2027, 12, 27), True),  # Christmas
        (date(2028, 1, 1), True),
        (easter(2027) - timedelta(days=3), True),  # Maundy Thursday
        (easter(2027) + timedelta(days=1), True),  # Easter Monday
        (easter(2028) - timedelta(days=5), True),  # Easter week, another year (computed)
        (date.fromisocalendar(2027, 8, 3), True),  # winter break week
        (date(2027, 5, 17), True),  # a public holiday on a Monday
        (date(2027, 3, 13), True),  # a Saturday
        (date(2027, 9, 14), False),
        (date(2027, 11, 10), False),
    ],
)
def test_school_holidays_and_weekends(day, holiday):
    assert skoleferie.er_skoledag(day) is not holiday


def test_the_holidays_are_configurable(settings):
    settings.SKOLEFERIER = [{"navn": "testferie", "fra": "2027-09-13", "til": "2027-09-17"}]
    assert not skoleferie.er_skoledag(date(2027, 9, 14))
    assert skoleferie.er_skoledag(date(2027, 7, 14))  # no summer holiday in this setting
    assert skoleferie.nearest_skoledag(date(2027, 9, 15)) in (date(2027, 9, 10), date(2027, 9, 20))


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_of_the_year_gets_a_school_day(world, month):
    """Whatever the seminar's date, the proposal is a school day about six months later."""
    veiledning = world.foreign.veiledning
    day = date(2027, month, 15)
    services.samling_schedule(veiledning=veiledning, type="seminar", start=_at(day), slutt=_at(day, 13))
    proposed = timezone.localtime(veiledning.samlinger.get(type=Samling.Type.OPPFOLGING).start).date()
    assert skoleferie.er_skoledag(proposed)
    assert 150 <= (proposed - day).days <= 215


def test_moving_the_seminar_keeps_the_follow_up_out_of_the_holidays_and_it_stays_editable(world):
    veiledning = world.foreign.veiledning
    services.samling_schedule(
        veiledning=veiledning, type="seminar", start=_at(date(2027, 1, 12)), slutt=_at(date(2027, 1, 12), 13)
    )
    # Moved four weeks on: six months from 9 February is in the summer holiday.
    services.samling_schedule(
        veiledning=veiledning, type="seminar", start=_at(date(2027, 2, 9)), slutt=_at(date(2027, 2, 9), 13)
    )
    oppfolging = veiledning.samlinger.get(type=Samling.Type.OPPFOLGING)
    assert skoleferie.er_skoledag(timezone.localtime(oppfolging.start).date())
    # The veileder may still choose any date, a holiday included.
    chosen = _at(date(2027, 8, 9), 10)
    services.samling_schedule(
        veiledning=veiledning, type="oppfolging", start=chosen, slutt=chosen + timedelta(hours=1), by=world.veileder
    )
    assert veiledning.samlinger.get(type=Samling.Type.OPPFOLGING).start == chosen


def test_the_follow_up_form_says_it_is_a_proposal_and_warns_of_a_holiday_but_saves(client, world):
    veiledning = world.own.veiledning
    client.force_login(world.veileder)
    url = reverse("veiledning:samling_edit", args=[veiledning.pk, "oppfolging"])
    page = client.get(url).content.decode()
    assert "skoleferier" in page  # how the date was proposed, and that it may be changed
    day = date(2027, 7, 14)
    response = client.post(
        url, {"dato": day.isoformat(), "start_tid": "09:00", "slutt_tid": "10:00", "sted": "Teams"}, follow=True
    )
    assert response.status_code == 200
    oppfolging = veiledning.samlinger.get(type=Samling.Type.OPPFOLGING)
    assert timezone.localtime(oppfolging.start).date() == day  # the veileder's choice stands
    assert "sommerferie" in response.content.decode()  # with a warning
