"""The demo shows the evaluation's states (issue 18): one that opens later today, whose
link says when; one open now whose rate is against those who came, with a free text
that names someone held back."""

from datetime import datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.evalueringer import opens_later_today
from demo.veiledninger import OSLO
from evaluering.models import Evaluering
from evaluering.selectors import FULL, results


def test_the_demo_has_an_evaluation_that_opens_later_today(db):
    call_command("seed_demo", stdout=StringIO())
    now = timezone.now()
    later = [
        e for e in Evaluering.objects.select_related("samling")
        if e.apner_at > now and timezone.localtime(e.apner_at).date() == timezone.localdate()
    ]  # fmt: skip
    assert len(later) == 1
    evaluering = later[0]
    assert timezone.localtime(evaluering.samling.start).date() == timezone.localdate()
    response = Client().get(reverse("evaluering:svar", args=[evaluering.token]))
    body = response.content.decode()
    assert response.status_code == 200 and "Evalueringen åpner" in body
    assert f"{timezone.localtime(evaluering.apner_at):%H:%M}" in body

    stord = Evaluering.objects.get(samling__veiledning__kommune__nummer="4614")
    r = results(stord, "nb", audience=FULL)
    assert 0 < r["attended"] <= r["registered"] and r["responses"] <= r["attended"]
    assert r["held_back"] == 1
    call_command("seed_demo", stdout=StringIO())  # idempotent: still the one, still later today
    again = Evaluering.objects.get(pk=evaluering.pk)
    assert again.apner_at > timezone.now() and timezone.localtime(again.apner_at).date() == timezone.localdate()
    assert Evaluering.objects.filter(samling__veiledning__kommune=evaluering.samling.veiledning.kommune).count() == 1


def test_opens_later_today_whatever_the_hour():
    def at(hour, minute):
        return datetime.combine(timezone.localdate(), datetime.min.time(), tzinfo=OSLO).replace(
            hour=hour, minute=minute
        )

    assert opens_later_today(at(8, 0)) == at(12, 45)
    assert opens_later_today(at(14, 2)) == at(15, 35)
    assert opens_later_today(at(23, 0)) == at(23, 55)
    for hour in range(24):
        now = at(hour, 30)
        opens = opens_later_today(now)
        assert opens > now and opens.date() == now.date() and opens - now <= timedelta(hours=13)
