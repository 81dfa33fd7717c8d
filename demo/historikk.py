"""Earlier programmes for the national picture (issue 21): ten Vestland kommuner took the
programme a year or more ago and have finished it, so `make run` shows programmes over time,
what schools assess, the measures they chose, the Egenvurdering before and after, the
evaluation's trend and the programme's effect, with groups large enough to be shown.

Dates are set back to when things happened (a programme's step history, an assessment
finished before or after the oppstart, a measure done), since the services stamp them now.
Idempotent: a Kommune with a finished programme is left as it is."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import versions
from demo.tekster import pa
from evaluering.models import Besvarelse, Evaluering, Svar
from evaluering.services import device_hash
from handlingsplan import services as plan_services
from handlingsplan.models import Tiltak, TiltakStatusEndring
from kommuner.models import Kommune
from risikovurdering import services as risk_services
from veiledning import services
from veiledning.models import Egenvurdering, Samling, StegEndring, Veiledning

SOURCE = "seed_demo"
OSLO = ZoneInfo(settings.TIME_ZONE)
BY_POST = {"nb": "Brevet gikk i posten.", "nn": "Brevet gjekk i posten."}
ROWS = [
    ("gang", "overganger", "slag", 2, 1), ("ute", "friminutt", "slag", 3, 1),
    ("klasserom", "undervisning", "trusler", 2, 1),
    ("garderobe", "skolestart", "skjellsord", 3, 0), ("sfo", "sfo", "spytting", 2, 0),
    ("digitalt", "annet", "trusler", 1, 1),
]  # fmt: skip
SITUASJON = {"nb": "Situasjon fra skolens kartlegging.", "nn": "Situasjon frå kartlegginga til skulen."}
MEASURES = [
    ("opplaering", "redusere", {"nb": "Kurs i forebygging og håndtering for alle ansatte.",
                                "nn": "Kurs i førebygging og handtering for alle tilsette."}),
    ("tiltak", "fjerne", {"nb": "Voksne i gangene i overgangene.", "nn": "Vaksne i gangane i overgangane."}),
    ("avvik", "redusere", {"nb": "Tilbakemelding til den som melder avvik.",
                           "nn": "Tilbakemelding til den som melder avvik."}),
    ("oppfolging", "kompensere", {"nb": "Samtale og oppfølging etter hendelser.",
                                  "nn": "Samtale og oppfølging etter hendingar."}),
]  # fmt: skip


def _day(months_ago: float, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=round(months_ago * 30.4))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(hour, 0), tzinfo=OSLO)


def _backdate(obj, when: datetime, field: str = "created_at") -> None:
    setattr(obj, field, when)
    obj.save(update_fields=[field])


def _school_work(kommune: Kommune, skole, veiledning: Veiledning, start: datetime, rng: random.Random) -> None:
    """An assessment (finished before the oppstart at some schools, after it at the rest), a
    plan with measures (some done by the follow-up), and the Egenvurdering before and after."""
    vurdering = risk_services.risikovurdering_create(
        niva="skole", skole=skole, by=None, dato=(start - timedelta(days=40)).date(), source=SOURCE
    )
    rows = []
    for hvor, nar, hendelse, s, a in rng.sample(ROWS, 4):
        rows.append(
            risk_services.risikoforhold_create(
                vurdering=vurdering, by=None,
                fields={"hvor": hvor, "nar": nar, "hendelse": hendelse, "situasjon": pa(kommune, SITUASJON),
                        "sannsynlighet": max(0, s - rng.randrange(2)), "alvorlighet": a},
            )
        )  # fmt: skip
    vurdering = risk_services.risikovurdering_set_ferdig(vurdering=vurdering, by=None)
    early = rng.random() < 0.35
    _backdate(vurdering, start - timedelta(days=30) if early else start + timedelta(days=60), "ferdig_at")
    plan = plan_services.handlingsplan_get_or_create(kommune=kommune, skole=skole, veiledning=veiledning, source=SOURCE)
    for i, (omrade, kind, tekst) in enumerate(rng.sample(MEASURES, 3)):
        tiltak = plan_services.tiltak_create(
            plan=plan, by=None, source=SOURCE, risikoforhold=rows[i : i + 1],
            fields={"beskrivelse": pa(kommune, tekst), "omrade": omrade, "type": kind, "ansvarlig_rolle": "rektor",
                    "frist": (start + timedelta(days=120 + 30 * i)).date()},
        )  # fmt: skip
        _backdate(tiltak, start + timedelta(days=70 + i))
        if rng.random() < 0.7:
            plan_services.tiltak_set_status(tiltak=tiltak, status=Tiltak.Status.GJENNOMFORT, by=None)
            TiltakStatusEndring.objects.filter(tiltak=tiltak).update(at=start + timedelta(days=150))
            versions.touch(tiltak)  # an update() passes no signal
    for fase, better in (("baseline", 0.0), ("oppfolging", 0.3)):
        svar = {}
        for q in veiledning.programmal.innhold.get("egenvurdering", []):
            roll = rng.random() + better
            if q.get("type") == Egenvurdering.NIVAER:
                svar[q["key"]] = {
                    Egenvurdering.NIVAER: ["skole", "sektor"] if roll > 0.6 else ["trinn"],
                    "kommentar": "",
                }
            else:
                svar[q["key"]] = {"svar": "ja" if roll > 0.8 else "delvis" if roll > 0.35 else "nei", "kommentar": ""}
        services.egenvurdering_save(veiledning=veiledning, skole=skole, fase=fase, svar=svar, ferdig=True, by=None)


def _answers(veiledning: Veiledning, rng: random.Random) -> None:
    """The seminar's evaluation: plain rows, as the public form writes them."""
    evaluering = Evaluering.objects.get(samling__veiledning=veiledning)
    likert = [q["key"] for q in evaluering.sporsmal if q["type"] == "likert"]
    besvarelser = Besvarelse.objects.bulk_create(
        Besvarelse(evaluering=evaluering, enhet=device_hash(f"demo-historikk-{evaluering.pk}-{i}"), rolle="laerer")
        for i in range(rng.randrange(9, 16))
    )
    Svar.objects.bulk_create(
        Svar(besvarelse=b, sporsmal=key, verdi=rng.choice([3, 4, 4, 5, 5])) for b in besvarelser for key in likert
    )


@transaction.atomic
def _programme(kommune: Kommune, veileder: User, months_ago: float, rng: random.Random) -> None:
    skoler = list(kommune.skoler.order_by("orgnr"))
    veiledning = services.veiledning_create(kommune=kommune, veiledere=[veileder], skoler=skoler, source=SOURCE)
    start = _day(months_ago, 12)
    _backdate(veiledning, start - timedelta(days=45))
    dates = {
        Samling.Type.OPPSTART: start, Samling.Type.SEMINAR: start + timedelta(days=35),
        Samling.Type.OPPFOLGING: start + timedelta(days=35 + 182),
    }  # fmt: skip
    for kind, when in dates.items():
        services.samling_schedule(
            veiledning=veiledning, type=kind, start=when, slutt=when + timedelta(hours=3), sted="Rådhuset",
            source=SOURCE,
        )  # fmt: skip
    moments = {
        Veiledning.Steg.INVITERT: start - timedelta(days=40), Veiledning.Steg.OPPSTART: start,
        Veiledning.Steg.SEMINAR: dates[Samling.Type.SEMINAR] - timedelta(days=3),
        Veiledning.Steg.OPPFOLGING: dates[Samling.Type.SEMINAR] + timedelta(days=1),
        Veiledning.Steg.AVSLUTTET: dates[Samling.Type.OPPFOLGING] + timedelta(days=2),
    }  # fmt: skip
    for steg, when in moments.items():
        grunn = pa(kommune, BY_POST) if steg == Veiledning.Steg.INVITERT else ""
        veiledning = services.veiledning_set_steg(veiledning=veiledning, til=steg, by=None, grunn=grunn)
        StegEndring.objects.filter(veiledning=veiledning, til=steg).update(at=when)
        versions.touch(veiledning)
    for skole in skoler:
        _school_work(kommune, skole, veiledning, start, rng)
    _answers(veiledning, rng)


def seed_historikk(*, veileder: User, kommuner: list[Kommune]) -> None:
    rng = random.Random(21)
    for i, kommune in enumerate(kommuner):
        months_ago = 22 - 1.3 * i  # oppstart from 22 to about 10 months ago
        if Veiledning.objects.filter(kommune=kommune, steg=Veiledning.Steg.AVSLUTTET).exists():
            continue
        _programme(kommune, veileder, months_ago, rng)
