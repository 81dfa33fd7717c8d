"""A national data set for the benchmarks (issue 10): 357 Kommuner, about 3,000 Skoler,
each with a finished risk assessment and an action plan, 200 Veiledninger with their
Samlinger and evaluations. Written through the services, so audit entries and reminders
are what real use would leave; one transaction per Kommune, so an interrupted run
resumes where it stopped."""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from demo.tekster import pa
from demo.vestland import DemoLogin, demo_member, demo_orgnr, demo_user
from evaluering.models import Besvarelse, Evaluering, Svar
from evaluering.services import device_hash
from handlingsplan import services as plan_services
from kommuner.models import Kommune, Kontakt, Skole
from kommuner.services import kommune_upsert, kontakt_create, skole_upsert
from risikovurdering import services as risk_services
from veiledning import services as veiledning_services
from veiledning.models import Egenvurdering, Samling, Veiledning

SOURCE = "seed_scale"
FIRST_NUMMER = 7000  # no real kommunenummer starts with 7, so scale data never meets Vestland's
OSLO = ZoneInfo(settings.TIME_ZONE)
FYLKER = ["Østfold", "Akershus", "Buskerud", "Innlandet", "Vestfold", "Telemark", "Agder", "Rogaland", "Vestland"]
FYLKER += ["Møre og Romsdal", "Trøndelag", "Nordland", "Troms", "Finnmark"]

ROWS = [
    (
        "gang",
        "overganger",
        {"nb": "Trengsel i gangen når klassene bytter rom.", "nn": "Trengsel i gangen når klassane byter rom."},
        "slag",
    ),
    (
        "ute",
        "friminutt",
        {"nb": "Konflikter i fotballbingen som trappes opp.", "nn": "Konfliktar i fotballbingen som blir trappa opp."},
        "slag",
    ),
    (
        "klasserom",
        "undervisning",
        {
            "nb": "Elev blir urolig ved krav og kaster gjenstander.",
            "nn": "Elev blir uroleg ved krav og kastar gjenstandar.",
        },
        "trusler",
    ),
    (
        "garderobe",
        "skolestart",
        {"nb": "Ingen voksne i garderoben før gymtimen.", "nn": "Ingen vaksne i garderoben før gymtimen."},
        "skjellsord",
    ),
    (
        "sfo",
        "sfo",
        {
            "nb": "Én ansatt alene med en stor gruppe på ettermiddagen.",
            "nn": "Éin tilsett aleine med ei stor gruppe på ettermiddagen.",
        },
        "spytting",
    ),
    (
        "spesial",
        "undervisning",
        {"nb": "Utagering i skjermet avdeling.", "nn": "Utagering i skjerma avdeling."},
        "slag",
    ),
    (
        "skyss",
        "avslutning",
        {"nb": "Truende språk mot busslederen.", "nn": "Trugande språk mot bussleiaren."},
        "trusler",
    ),
    (
        "digitalt",
        "annet",
        {"nb": "Truende meldinger på læringsplattformen.", "nn": "Trugande meldingar på læringsplattforma."},
        "trusler",
    ),
]
VARSLING = {"nb": "Rutine for varsling.", "nn": "Rutine for varsling."}
MEASURES = [
    ({"nb": "Alarmknapp i klasserom og SFO-base", "nn": "Alarmknapp i klasserom og SFO-base"}, "tiltak", "redusere"),
    ({"nb": "To voksne i overgangene", "nn": "To vaksne i overgangane"}, "tiltak", "fjerne"),
    (
        {"nb": "Opplæring og øvelse for alle ansatte", "nn": "Opplæring og øving for alle tilsette"},
        "opplaering",
        "redusere",
    ),
    (
        {"nb": "Samtale med leder samme dag etter en hendelse", "nn": "Samtale med leiaren same dag etter ei hending"},
        "oppfolging",
        "kompensere",
    ),
    (
        {"nb": "Tilbakemelding på avvik innen en uke", "nn": "Tilbakemelding på avvik innan ei veke"},
        "avvik",
        "redusere",
    ),
]
BY_POST = {"nb": "Brevet gikk i posten (skaladata).", "nn": "Brevet gjekk i posten (skaladata)."}
STATUSES = ["ikke_startet", "pagar", "gjennomfort", "pagar", "ikke_startet"]


@dataclass(frozen=True)
class Scale:
    kommuner: int = 357
    skoler: int = 3000
    rader: int = 20
    tiltak: int = 10
    veiledninger: int = 200
    svar: int = 30
    storby: int = 180  # the first Kommune is a city with this many schools

    def skoler_per_kommune(self) -> list[int]:
        """The city first, the rest spread evenly (the remainder to the first ones)."""
        if self.kommuner == 1:
            return [self.skoler]
        big = min(self.storby, self.skoler - (self.kommuner - 1))
        rest, extra = divmod(self.skoler - big, self.kommuner - 1)
        return [big] + [rest + (1 if i < extra else 0) for i in range(self.kommuner - 1)]


def _at(days: int, hour: int) -> datetime:
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, 0), tzinfo=OSLO)


def _kommune(index: int, antall_skoler: int) -> tuple[Kommune, list[Skole]]:
    nummer = f"{FIRST_NUMMER + index}"
    kommune, _ = kommune_upsert(
        orgnr=demo_orgnr(9_700_000 + index),
        fields={
            "nummer": nummer, "navn": f"Skalakommune {index + 1}", "type": Kommune.Type.KOMMUNE,
            "fylke": FYLKER[index % len(FYLKER)], "malform": Kommune.Malform.NYNORSK if index % 4 == 3 else "bokmal",
            "postmottak": f"postmottak.{nummer}@example.com", "is_demo": True,
        },
        source=SOURCE,
    )  # fmt: skip
    for rolle in (Kontakt.Rolle.KOMMUNALSJEF, Kontakt.Rolle.HMS_RADGIVER, Kontakt.Rolle.HTV, Kontakt.Rolle.HVO):
        kontakt_create(
            kommune=kommune, rolle=rolle, navn=rolle.label, epost=f"{rolle}.{nummer}@example.com", source=SOURCE
        )
    skoler = []
    kinds = [Skole.Skoletype.BARNESKOLE, Skole.Skoletype.UNGDOMSSKOLE, Skole.Skoletype.KOMBINERT]
    for i in range(antall_skoler):
        skole, _ = skole_upsert(
            orgnr=demo_orgnr(7_000_000 + index * 1000 + i),
            fields={"navn": f"Skole {i + 1} i {kommune.navn}", "kommune": kommune, "skoletype": kinds[i % 3],
                    "elever": 150 + (i * 53) % 400, "ansatte": 20 + (i * 7) % 50, "is_demo": True},
            source=SOURCE,
        )  # fmt: skip
        for rolle in Kontakt.SKOLE_ROLLER:
            kontakt_create(
                kommune=kommune, skole=skole, rolle=rolle, navn=f"{rolle.label} {i + 1}",
                epost=f"{rolle}.{skole.orgnr}@example.com", source=SOURCE,
            )  # fmt: skip
        skoler.append(skole)
    return kommune, skoler


def _risikovurdering(skole: Skole, rader: int, rng: random.Random):
    vurdering = risk_services.risikovurdering_create(
        niva="skole", skole=skole, by=None, dato=timezone.localdate() - timedelta(days=60), source=SOURCE
    )
    risk_services.risikovurdering_update(
        vurdering=vurdering,
        fields={"deltakere": ["rektor", "verneombud", "tillitsvalgt"], "kilder": ["avvik"]},
        by=None,
    )
    rows, kommune = [], skole.kommune
    for i in range(rader):
        hvor, nar, situasjon, hendelse = ROWS[i % len(ROWS)]
        rows.append(
            risk_services.risikoforhold_create(
                vurdering=vurdering, by=None,
                fields={"hvor": hvor, "nar": nar, "situasjon": f"{pa(kommune, situasjon)} ({i + 1})",
                        "hendelse": hendelse, "utsatte": ["laerer"], "faktorer": ["bemanning"],
                        "eksisterende_tiltak": pa(kommune, VARSLING),
                        "sannsynlighet": rng.randrange(4), "alvorlighet": rng.randrange(3)},
            )
        )  # fmt: skip
    risk_services.risikovurdering_set_ferdig(vurdering=vurdering, by=None)
    return rows


def _handlingsplan(kommune: Kommune, skole: Skole, veiledning, rows, tiltak: int) -> None:
    plan = plan_services.handlingsplan_get_or_create(kommune=kommune, skole=skole, veiledning=veiledning, source=SOURCE)
    today = timezone.localdate()
    for i in range(tiltak):
        beskrivelse, omrade, kind = MEASURES[i % len(MEASURES)]
        measure = plan_services.tiltak_create(
            plan=plan,
            fields={"beskrivelse": f"{pa(kommune, beskrivelse)} ({i + 1})", "omrade": omrade, "type": kind,
                    "ansvarlig_rolle": "rektor", "frist": today + timedelta(days=30 * (i % 6) - 20)},
            risikoforhold=rows[i : i + 1], by=None, source=SOURCE,
        )  # fmt: skip
        status = STATUSES[i % len(STATUSES)]
        if status != "ikke_startet":
            plan_services.tiltak_set_status(tiltak=measure, status="pagar", by=None)
        if status == "gjennomfort":
            plan_services.tiltak_set_status(tiltak=measure, status=status, by=None)


def _veiledning(kommune: Kommune, skoler: list[Skole], veileder: User, index: int) -> Veiledning:
    """Seminars spread over the last half year and the next month; each has its evaluation."""
    veiledning = veiledning_services.veiledning_create(
        kommune=kommune, veiledere=[veileder], skoler=skoler, source=SOURCE
    )
    seminar_day = -170 + (index * 7) % 200
    for type, days, hour in ((Samling.Type.OPPSTART, seminar_day - 30, 12), (Samling.Type.SEMINAR, seminar_day, 9)):
        veiledning_services.samling_schedule(
            veiledning=veiledning, type=type, start=_at(days, hour), slutt=_at(days, hour + 3), sted="Rådhuset",
            source=SOURCE,
        )  # fmt: skip
    target = Veiledning.Steg.OPPFOLGING if seminar_day < 0 else Veiledning.Steg.SEMINAR
    order = list(Veiledning.Steg.values)
    while veiledning.steg != target:
        nxt = order[order.index(veiledning.steg) + 1]
        grunn = pa(kommune, BY_POST) if nxt == Veiledning.Steg.INVITERT else ""
        veiledning = veiledning_services.veiledning_set_steg(veiledning=veiledning, til=nxt, by=None, grunn=grunn)
    return veiledning


def _besvarelser(veiledning: Veiledning, antall: int, rng: random.Random) -> None:
    """Answers are plain rows (not audited), as the public form writes them."""
    evaluering = Evaluering.objects.get(samling__veiledning=veiledning)
    likert = [q["key"] for q in evaluering.sporsmal if q["type"] == "likert"]
    besvarelser = Besvarelse.objects.bulk_create(
        Besvarelse(evaluering=evaluering, enhet=device_hash(f"scale-{evaluering.pk}-{i}"), rolle="verneombud")
        for i in range(antall)
    )
    Svar.objects.bulk_create(
        Svar(besvarelse=b, sporsmal=key, verdi=rng.choice([2, 3, 4, 4, 5, 5])) for b in besvarelser for key in likert
    )


def seed_scale(scale: Scale = Scale(), progress=lambda message: None) -> list[DemoLogin]:
    """Build (or finish building) the data set; returns the bench logins."""
    veileder = demo_user("veileder@skala.example.com", "Vilde Veileder", "nb", is_veileder=True)
    sizes = scale.skoler_per_kommune()
    rng = random.Random(10)
    for index, antall in enumerate(sizes):
        if Kommune.objects.filter(nummer=f"{FIRST_NUMMER + index}", risikovurderinger__isnull=False).exists():
            continue  # finished in an earlier run
        with transaction.atomic():
            kommune, skoler = _kommune(index, antall)
            veiledning = _veiledning(kommune, skoler, veileder, index) if index < scale.veiledninger else None
            for skole in skoler:
                rows = _risikovurdering(skole, scale.rader, rng)
                _handlingsplan(kommune, skole, veiledning, rows, scale.tiltak)
            if veiledning is not None:
                _besvarelser(veiledning, scale.svar, rng)
        progress(f"{index + 1}/{len(sizes)} {kommune.navn}: {antall} skoler")
    _egenvurderinger(random.Random(21), progress)
    _analyze()
    return _logins()


def _answers(veiledning: Veiledning, rng: random.Random, better: float) -> dict:
    """A finished self-assessment: ja more often at the follow-up (`better` moves the odds)."""
    svar = {}
    for q in veiledning.programmal.innhold.get("egenvurdering", []):
        if q.get("type") == Egenvurdering.NIVAER:
            nivaer = ["skole", "sektor"] if rng.random() < 0.3 + better else ["trinn"]
            svar[q["key"]] = {Egenvurdering.NIVAER: nivaer, "kommentar": ""}
        else:
            roll = rng.random() + better
            svar[q["key"]] = {"svar": "ja" if roll > 0.8 else "delvis" if roll > 0.4 else "nei", "kommentar": ""}
    return svar


def _egenvurderinger(rng: random.Random, progress) -> None:
    """Each school of a programme at its follow-up has its self-assessment at oppstart and
    before the follow-up (issue 21: the programme's effect); those at the seminar only the first."""
    veiledninger = Veiledning.objects.filter(kommune__nummer__gte=str(FIRST_NUMMER), kommune__is_demo=True)
    for veiledning in veiledninger.exclude(egenvurderinger__isnull=False).prefetch_related("skoler"):
        faser = [("baseline", 0.0)]
        if veiledning.steg == Veiledning.Steg.OPPFOLGING:
            faser.append(("oppfolging", 0.25))
        with transaction.atomic():
            for skole in veiledning.skoler.all():
                for fase, better in faser:
                    veiledning_services.egenvurdering_save(
                        veiledning=veiledning, skole=skole, fase=fase, svar=_answers(veiledning, rng, better),
                        ferdig=True, by=None,
                    )  # fmt: skip
        progress(f"egenvurdering: {veiledning.kommune.navn}")


def _analyze() -> None:
    """Fresh planner statistics: right after a bulk load PostgreSQL still plans for empty
    tables and picks sequential scans over 60,000 rows (docs/performance.md)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _logins() -> list[DemoLogin]:
    """The city's kommunalsjef and its first school's rektor, for the load run."""
    storby = Kommune.objects.get(nummer=f"{FIRST_NUMMER}")
    skoleeier = demo_user("skoleeier@skala.example.com", "Sverre Skoleeier", "nb")
    demo_member(skoleeier, storby, Kontakt.Rolle.KOMMUNALSJEF, source=SOURCE)
    rektor = demo_user("rektor@skala.example.com", "Rita Rektor", "nb")
    demo_member(rektor, storby, Kontakt.Rolle.REKTOR, skole=storby.skoler.order_by("orgnr").first(), source=SOURCE)
    return [
        DemoLogin("veileder", "veileder@skala.example.com"),
        DemoLogin("skoleeier", skoleeier.email),
        DemoLogin("rektor", rektor.email),
    ]
