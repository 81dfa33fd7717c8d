import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pypdf
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from core.models import Paminnelse
from core.reminders import paminnelser_send_due, target_of
from handlingsplan import services
from handlingsplan.models import Tiltak
from handlingsplan.reminders import overdue_digests_plan
from handlingsplan.reports import plan_pdf, timeline_xlsx
from handlingsplan.selectors import kommune_overview, rows_needing_measures

OSLO = ZoneInfo("Europe/Oslo")


def test_status_changes_keep_a_dated_history_with_who_and_why(world):
    tiltak, hms = world.own.tiltak, world.own.users["hms"]
    with time_machine.travel(datetime(2027, 1, 10, 9, 0, tzinfo=OSLO)):
        services.tiltak_set_status(tiltak=tiltak, status="pagar", by=hms, kommentar="Startet i januar")
    with time_machine.travel(datetime(2027, 3, 2, 14, 0, tzinfo=OSLO)):
        services.tiltak_set_status(tiltak=tiltak, status="gjennomfort", by=hms)
    history = list(tiltak.statusendringer.all())
    assert [(h.fra, h.til, h.av, h.at.astimezone(OSLO).date()) for h in history] == [
        ("ikke_startet", "pagar", hms, date(2027, 1, 10)),
        ("pagar", "gjennomfort", hms, date(2027, 3, 2)),
    ]
    assert history[0].kommentar == "Startet i januar"
    with pytest.raises(ValidationError, match="hvorfor"):
        services.tiltak_set_status(tiltak=tiltak, status="forkastet", by=hms)


def test_overdue_rules(world):
    tiltak = world.own.tiltak
    tiltak.frist = date(2027, 2, 1)
    tiltak.save()
    with time_machine.travel(datetime(2027, 2, 1, 12, tzinfo=OSLO)):
        assert not Tiltak.objects.get(pk=tiltak.pk).is_overdue  # due today is not late
    with time_machine.travel(datetime(2027, 2, 2, 8, tzinfo=OSLO)):
        assert Tiltak.objects.get(pk=tiltak.pk).is_overdue
        eier = world.own.users["skoleeier"]
        assert kommune_overview(user=eier, kommune=world.own.kommune)["med_forfalt"] == [world.own.skole]
        services.tiltak_set_status(tiltak=tiltak, status="gjennomfort", by=None)
        assert not Tiltak.objects.get(pk=tiltak.pk).is_overdue
        assert kommune_overview(user=world.own.users["skoleeier"], kommune=world.own.kommune)["med_forfalt"] == []


def test_weekly_digest_goes_once_a_week_and_drops_finished_measures(world):
    tiltak = world.own.tiltak
    tiltak.frist = date(2027, 2, 1)
    tiltak.save()
    monday = datetime(2027, 2, 8, 7, 0, tzinfo=OSLO)
    with time_machine.travel(monday):
        assert overdue_digests_plan() == 2  # rektor and verneombud of the school
        assert overdue_digests_plan() == 0  # the same week: nothing new
        paminnelser_send_due()
    digests = [m for m in mail.outbox if "passert fristen" in m.subject]
    assert sorted(m.to[0] for m in digests) == ["hms1@example.com", "verneombud1@example.com"]
    assert "Voksne i gangen" in digests[0].body

    with time_machine.travel(monday + timedelta(days=7)):
        assert overdue_digests_plan() == 2  # next week
        services.tiltak_set_status(tiltak=tiltak, status="gjennomfort", by=None)
        paminnelser_send_due()
    assert len([m for m in mail.outbox if "passert fristen" in m.subject]) == 2  # nothing overdue: not sent
    assert Paminnelse.objects.filter(kind="tiltak_forfalt", state="kansellert").count() == 2


def test_followup_reminders_in_30_and_7_days(world):
    from veiledning.models import Samling

    oppfolging = world.own.veiledning.samlinger.get(type=Samling.Type.OPPFOLGING)
    rows = Paminnelse.objects.filter(target=target_of(oppfolging), kind__startswith="oppfolging_")
    assert {r.kind for r in rows} == {"oppfolging_30d", "oppfolging_7d"}
    assert "hms1@example.com" in {r.recipient for r in rows}
    row = rows.filter(kind="oppfolging_30d").first()
    assert row.due_at == oppfolging.start - timedelta(days=30)
    paminnelser_send_due(now=row.due_at + timedelta(minutes=1))
    assert any("oppdater tiltakene" in m.subject for m in mail.outbox)


def test_a_measure_links_only_rows_of_the_plans_own_assessments(world):
    with pytest.raises(ValidationError):
        services.tiltak_create(
            plan=world.own.plan, fields={"beskrivelse": "X", "omrade": "tiltak", "ansvarlig_rolle": "rektor"},
            risikoforhold=[world.foreign.rad], by=None,
        )  # fmt: skip


def test_rows_needing_measures_empty_as_they_get_one(world):
    from risikovurdering.services import risikoforhold_create

    rad = risikoforhold_create(
        vurdering=world.own.vurdering, by=None, fields={"hvor": "ute", "sannsynlighet": 3, "alvorlighet": 2}
    )
    needing = rows_needing_measures(plan=world.own.plan)
    assert [(r["rad"], r["har_tiltak"]) for r in needing] == [(rad, False)]
    services.tiltak_create(
        plan=world.own.plan, fields={"beskrivelse": "Y", "omrade": "tiltak", "ansvarlig_rolle": "rektor"},
        risikoforhold=[rad], by=None,
    )  # fmt: skip
    assert rows_needing_measures(plan=world.own.plan)[0]["har_tiltak"]


def test_xlsx_timeline_and_pdf(world):
    tiltak = world.own.tiltak
    tiltak.frist = date(2027, 5, 1)
    tiltak.beskrivelse = "=Voksne i gangen"
    tiltak.save()
    sheet = load_workbook(io.BytesIO(timeline_xlsx([world.own.plan, world.own.kommune_plan], "nb"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Handlingsplan", "Tiltak", "Type tiltak")
    assert rows[1][0] == "Testskole 1" and rows[1][1] == "'=Voksne i gangen"  # formula escaped
    assert rows[1][5].date() == date(2027, 5, 1) and rows[1][6] == "ikke startet"
    assert len(rows) == 2
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(plan_pdf(str(world.own.plan.pk), "nn"))).pages)
    assert "Handlingsplan" in text and "Voksne i gangen" in text


def test_medvirkning_is_for_the_parties_and_bht(world):
    plan = world.own.kommune_plan
    services.medvirkning_bekreft(plan=plan, kontakt=world.own.kontakter["hvo"], by=world.own.users["hvo"])
    with pytest.raises(ValidationError):
        services.medvirkning_bekreft(plan=plan, kontakt=world.own.kontakter["skoleeier"], by=None)
    assert plan.medvirkning.count() == 1
