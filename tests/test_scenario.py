"""Replays tests/scenarios/veiledning_nynorsk.toml hour by hour with time travel and
checks that exactly its e-mails go out: kind, day, recipients and language."""

import tomllib
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail

from accounts.models import User
from core.models import Paminnelse
from core.reminders import paminnelser_send_due
from demo.vestland import demo_orgnr
from handlingsplan.reminders import overdue_digests_plan
from handlingsplan.services import handlingsplan_get_or_create, tiltak_create, tiltak_set_status
from kommuner.services import kommune_upsert, kontakt_create, kontakt_link_user, skole_upsert
from veiledning import services

OSLO = ZoneInfo("Europe/Oslo")
SCENARIO = tomllib.loads((Path(__file__).parent / "scenarios" / "veiledning_nynorsk.toml").read_text(encoding="utf-8"))
ROLES = {"kommunalsjef": "kommunalsjef", "hms": "hms_radgiver", "htv": "htv", "hvo": "hvo"}


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(SCENARIO["day0"] + timedelta(days=day), time(hour, minute), tzinfo=OSLO)


def _setup(veileder):
    kommune, _ = kommune_upsert(
        orgnr=demo_orgnr(9_500_001),
        fields={"nummer": "4699", "navn": "Scenariokommune", "type": "kommune", "malform": "nynorsk",
                "postmottak": "post@k.no"},
    )  # fmt: skip
    for email in SCENARIO["people"]["kommune"]:
        kontakt_create(kommune=kommune, rolle=ROLES[email.split("@")[0]], navn=email, epost=email)
    skoler = []
    for n, key in enumerate(("skole_a", "skole_b")):
        skole, _ = skole_upsert(
            orgnr=demo_orgnr(8_500_000 + n), fields={"navn": key, "kommune": kommune, "skoletype": "barneskole"}
        )
        skoler.append(skole)
        for email in SCENARIO["people"][key]:
            kontakt = kontakt_create(kommune=kommune, skole=skole, rolle=email.split("-")[0], navn=email, epost=email)
            if email in SCENARIO["people"]["bokmal"]:
                user = User.objects.create_user(email=email, password="x" * 12, language="nb")
                kontakt_link_user(kontakt=kontakt, user=user)
    veiledning = services.veiledning_create(kommune=kommune, veiledere=[veileder], skoler=skoler)
    return veiledning, skoler


def _expected() -> list[tuple]:
    people = SCENARIO["people"]
    groups = {
        "kommune": people["kommune"],
        "skole_a": people["skole_a"],
        "skoler": people["skole_a"] + people["skole_b"],
        "alle": people["kommune"] + people["skole_a"] + people["skole_b"],
    }
    rows = []
    for item in SCENARIO["mail"]:
        for email in groups[item["to"]]:
            rows.append((item["day"], item["kind"], email, "nb" if email in people["bokmal"] else "nn"))
    return sorted(rows)


def test_the_scenario_produces_exactly_its_mails(db):
    veileder = User.objects.create_user(email="veileder@example.com", password="x" * 12, is_veileder=True)
    with time_machine.travel(_at(0, 8), tick=False) as clock:
        veiledning, skoler = _setup(veileder)
        events = {
            _at(0, 9): lambda: (
                services.veiledning_update_brev(veiledning=veiledning, var_ref="2027/1", brevform="", by=veileder),
                services.brev_send(veiledning=veiledning, by=veileder),
            ),
            _at(3, 10): lambda: _day_three(veiledning, skoler, veileder),
            _at(140, 12): lambda: tiltak_set_status(tiltak=_day_three.tiltak, status="gjennomfort", by=None),
        }
        now = _at(0, 9)
        while now <= _at(250, 0):
            clock.move_to(now)
            for when in [w for w in events if w <= now]:
                events.pop(when)()
            local = now.astimezone(OSLO)
            if local.weekday() == 0 and local.hour == 7:  # beat: Monday 07:00
                overdue_digests_plan()
            paminnelser_send_due()
            now += timedelta(hours=1)

    sent = Paminnelse.objects.filter(state="sendt").exclude(kind="invitasjon_ubesvart")
    got = sorted(
        ((r.sent_at.astimezone(OSLO).date() - SCENARIO["day0"]).days, r.kind, r.recipient, r.language) for r in sent
    )
    assert len(got) == 89  # counted by hand from the scenario file (75 reminders, 14 calendar invitations)
    assert got == _expected()
    # Nothing else went out (the letter goes by a job after commit), and one person's
    # reminders of one day came as one e-mail (issue 18); a calendar invitation goes on
    # its own, so a calendar sees it.
    calendar = [g for g in got if g[1].startswith("kalender_")]
    reminders = {(day, recipient) for day, kind, recipient, _language in got if not kind.startswith("kalender_")}
    assert len(mail.outbox) == len(calendar) + len(reminders)
    assert (
        not Paminnelse.objects.filter(state__in=("planlagt", "sending", "feilet", "tapt"))
        .exclude(kind="risiko_gjennomgang")
        .exclude(due_at__gt=_at(250, 0))
        .exists()
    )


def _day_three(veiledning, skoler, veileder):
    services.samling_schedule(
        veiledning=veiledning, type="oppstart", start=_at(21, 10), slutt=_at(21, 11, 30), sted="Rådhuset", by=veileder
    )
    seminar = services.samling_schedule(
        veiledning=veiledning, type="seminar", start=_at(60, 9), slutt=_at(60, 13), sted="Kulturhuset", by=veileder
    )
    services.deltakere_add_hms_grupper(samling=seminar, by=veileder)
    plan = handlingsplan_get_or_create(kommune=veiledning.kommune, skole=skoler[0], veiledning=veiledning)
    _day_three.tiltak = tiltak_create(
        plan=plan,
        fields={
            "beskrivelse": "Alarm i SFO",
            "omrade": "tiltak",
            "ansvarlig_rolle": "rektor",
            "frist": _at(120, 0).date(),
        },
        by=None,
    )
