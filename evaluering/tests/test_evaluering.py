import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Paminnelse
from core.reminders import target_of
from evaluering import services
from evaluering.models import Besvarelse


def _open(evaluering):
    now = timezone.now()
    return services.evaluering_set_window(
        evaluering=evaluering, apner_at=now - timedelta(minutes=5), lukker_at=now + timedelta(days=1), by=None
    )


def test_every_seminar_gets_an_evaluation_opening_on_the_day_at_1245(world):
    evaluering = world.own.seminar.evaluering
    local = timezone.localtime(evaluering.apner_at)
    assert (local.hour, local.minute) == (12, 45) and local.date() == timezone.localtime(world.own.seminar.start).date()
    assert evaluering.lukker_at - evaluering.apner_at == timedelta(days=7)
    keys = [q["key"] for q in evaluering.sporsmal]
    assert keys[0] == "kunnskap" and "rolle" in keys and "forst" in keys and keys[-1] == "kommentar"
    assert len(evaluering.token) >= 24  # 144 bits


def test_reminders_when_it_opens_and_three_days_later(world):
    evaluering = world.own.seminar.evaluering
    rows = Paminnelse.objects.filter(target=target_of(evaluering))
    assert {(r.kind, r.recipient) for r in rows} >= {
        ("evaluering_apner", "hms1@example.com"),
        ("evaluering_3d", "hms1@example.com"),
    }
    assert rows.get(kind="evaluering_3d", recipient="hms1@example.com").due_at == evaluering.apner_at + timedelta(
        days=3
    )


def test_one_response_per_device_and_a_second_edits_the_first(world):
    evaluering = _open(world.own.seminar.evaluering)
    services.besvarelse_submit(evaluering=evaluering, device_token="abc", answers={"kunnskap": 3}, rolle="rektor")
    services.besvarelse_submit(evaluering=evaluering, device_token="abc", answers={"kunnskap": 5}, rolle="rektor")
    services.besvarelse_submit(evaluering=evaluering, device_token="xyz", answers={"kunnskap": 4}, rolle="annet")
    assert evaluering.besvarelser.count() == 2
    stored = Besvarelse.objects.get(enhet=services.device_hash("abc"))
    assert stored.svar.get(sporsmal="kunnskap").verdi == 5
    assert "abc" not in stored.enhet  # only a hash of the device cookie


def test_closed_and_rate_limited(world, monkeypatch):
    evaluering = world.own.seminar.evaluering  # opens on the seminar day
    with pytest.raises(services.NotYetOpen):
        services.besvarelse_submit(evaluering=evaluering, device_token="a", answers={"kunnskap": 3}, rolle="")
    evaluering = _open(evaluering)
    monkeypatch.setattr(services, "RATE_LIMIT", 3)
    for n in range(3):
        services.besvarelse_submit(evaluering=evaluering, device_token=str(n), answers={"kunnskap": 3}, rolle="")
    with pytest.raises(services.TooMany):
        services.besvarelse_submit(evaluering=evaluering, device_token="script", answers={"kunnskap": 3}, rolle="")


def test_closed_and_unknown_give_clear_pages(client, world):
    evaluering = world.own.seminar.evaluering
    now = timezone.now()
    services.evaluering_set_window(
        evaluering=evaluering, apner_at=now - timedelta(days=8), lukker_at=now - timedelta(days=1), by=None
    )
    response = client.get(reverse("evaluering:svar", args=[evaluering.token]))
    assert response.status_code == 410 and "Evalueringen er stengt" in response.content.decode()
    response = client.get(reverse("evaluering:svar", args=["feil-token"]), HTTP_COOKIE="sprak=nn")
    assert response.status_code == 404 and "Fann ikkje evalueringa" in response.content.decode()


def test_form_posts_without_javascript_and_sets_the_device_cookie(client, world):
    evaluering = _open(world.own.seminar.evaluering)
    url = reverse("evaluering:svar", args=[evaluering.token])
    client.get(url)
    assert client.cookies["vts_svar"]["httponly"] and client.cookies["vts_svar"]["path"] == url
    response = client.post(url, {"kunnskap": "4", "rolle": "verneombud", "forst": "Melde avvik"})
    assert response.status_code == 302 and response["Location"] == reverse("evaluering:takk", args=[evaluering.token])
    response = client.post(url, {"kunnskap": "5", "rolle": "verneombud"})
    assert evaluering.besvarelser.count() == 1
    assert 'value="5"' in client.get(url).content.decode()  # the form shows the earlier answer


def test_skoleeier_sees_aggregates_only_with_five_answers(client, world):
    evaluering = _open(world.own.seminar.evaluering)
    client.force_login(world.own.users["skoleeier"])
    url = reverse("evaluering:resultater", args=[evaluering.pk])
    for n in range(4):
        services.besvarelse_submit(
            evaluering=evaluering,
            device_token=str(n),
            answers={"kunnskap": 4, "kommentar": f"Fin dag {n}"},
            rolle="rektor",
        )
    body = client.get(url).content.decode()
    assert "minst fem" in body and "Fin dag" not in body
    services.besvarelse_submit(evaluering=evaluering, device_token="5", answers={"kunnskap": 2}, rolle="annet")
    body = client.get(url).content.decode()
    assert "minst fem" not in body and "<svg" in body and "Fin dag" not in body  # aggregates, no free text
    client.force_login(world.veileder)
    body = client.get(url).content.decode()
    assert "Fin dag 0" in body and "3,6" in body  # the veileder reads the free text; mean of 4,4,4,4,2


def test_csv_has_no_names_and_escapes_formulas(client, world):
    evaluering = _open(world.own.seminar.evaluering)
    services.besvarelse_submit(evaluering=evaluering, device_token="a", answers={"kommentar": "=1+1"}, rolle="rektor")
    client.force_login(world.veileder)
    data = client.get(reverse("evaluering:eksport", args=[evaluering.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[1][:2] == ["1", "rektor"] and "'=1+1" in rows[1]
    assert "example.com" not in data


def test_closing_report_includes_the_summary(world):
    from pages.reports import closing_report_context, scope_for

    evaluering = _open(world.own.seminar.evaluering)
    services.besvarelse_submit(evaluering=evaluering, device_token="a", answers={"kunnskap": 5}, rolle="rektor")
    scope = scope_for(user=world.veileder, veiledning=world.own.veiledning)
    context = closing_report_context(world.own.veiledning, scope, "nb")
    assert context["evaluering"]["r"]["responses"] == 1


def test_answering_again_replaces_the_answer_and_what_was_left_empty_goes(world):
    evaluering = _open(world.own.seminar.evaluering)
    first = services.besvarelse_submit(
        evaluering=evaluering, device_token="tlf", answers={"kunnskap": 2, "kommentar": "Fnr 0101"}, rolle="rektor"
    )
    again = services.besvarelse_submit(
        evaluering=evaluering, device_token="tlf", answers={"kunnskap": 4}, rolle="annet"
    )
    assert again.pk == first.pk and evaluering.besvarelser.count() == 1
    stored = Besvarelse.objects.get(pk=first.pk)
    assert stored.rolle == "annet" and {s.sporsmal: s.verdi for s in stored.svar.all()} == {"kunnskap": 4}
