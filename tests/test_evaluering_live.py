"""50 people submit at once, each from their own device: no errors, 50 responses."""

import http.cookiejar
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluering.services import evaluering_set_window


def _one_person(base: str, path: str, n: int) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + path, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "kunnskap": str(n % 5 + 1), "rolle": "rektor", "kommentar": f"Svar {n}"}
    ).encode()
    request = urllib.request.Request(base + path, data=data, headers={"Referer": base + path})
    response = opener.open(request, timeout=60)
    return response.status


@pytest.mark.django_db(transaction=True)
def test_fifty_submissions_at_once(live_server, world):
    evaluering = world.own.seminar.evaluering
    now = timezone.now()
    evaluering_set_window(
        evaluering=evaluering, apner_at=now - timedelta(minutes=1), lukker_at=now + timedelta(hours=1), by=None
    )
    path = reverse("evaluering:svar", args=[evaluering.token])
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(lambda n: _one_person(live_server.url, path, n), range(50)))
    assert statuses == [200] * 50  # each followed the redirect to the thank-you page
    assert evaluering.besvarelser.count() == 50
