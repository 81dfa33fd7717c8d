"""A small nation for the national picture: Kommune A (Vestland) with six schools and
Kommune B (Rogaland) with four, both followed up, B's schools alone in naming the garderobe
and knives, so a group of four can be looked for everywhere."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from conftest import make_user
from demo.vestland import demo_orgnr
from handlingsplan.models import Tiltak
from handlingsplan.services import handlingsplan_get_or_create, tiltak_create, tiltak_set_status
from innsikt.services import grunnlag_refresh
from kommuner.models import Kommune, Skole
from kommuner.services import kommune_upsert, skole_upsert
from risikovurdering.services import risikoforhold_create, risikovurdering_create
from veiledning.models import Egenvurdering, Samling, StegEndring, Veiledning
from veiledning.services import veiledning_create

OSLO = ZoneInfo("Europe/Oslo")
SECRET_TEXT = "Hemmelig situasjonstekst om gymgarderoben"


@dataclass
class Nation:
    a: Kommune
    b: Kommune
    skoler_a: list[Skole] = field(default_factory=list)
    skoler_b: list[Skole] = field(default_factory=list)
    veileder: object = None
    b_veileder: object = None


def _kommune(n: int, fylke: str) -> Kommune:
    kommune, _ = kommune_upsert(
        orgnr=demo_orgnr(9_100_000 + n),
        fields={"nummer": f"{4700 + n}", "navn": f"Nasjonkommune {n}", "type": "kommune", "fylke": fylke},
    )
    return kommune


def _school(kommune: Kommune, n: int, i: int, *, hvor: str, hendelse: str, egen: tuple[str, str]) -> Skole:
    skole, _ = skole_upsert(
        orgnr=demo_orgnr(8_100_000 + n * 100 + i),
        fields={"navn": f"Nasjonskole {n}-{i}", "kommune": kommune, "skoletype": Skole.Skoletype.BARNESKOLE},
    )
    vurdering = risikovurdering_create(niva="skole", skole=skole, by=None)
    rad = risikoforhold_create(
        vurdering=vurdering, by=None,
        fields={"hvor": hvor, "nar": "friminutt", "situasjon": SECRET_TEXT, "hendelse": hendelse,
                "sannsynlighet": 3, "alvorlighet": 2},
    )  # fmt: skip
    vurdering.status, vurdering.ferdig_at = "ferdig", timezone.now() - timedelta(days=10)
    vurdering.save(update_fields=["status", "ferdig_at"])  # finished before the follow-up
    plan = handlingsplan_get_or_create(kommune=kommune, skole=skole)
    fields = {"beskrivelse": "Hemmelig tiltakstekst", "omrade": "opplaering", "type": "redusere",
              "ansvarlig_rolle": "rektor"}  # fmt: skip
    tiltak = tiltak_create(plan=plan, fields=fields, risikoforhold=[rad], by=None)
    tiltak_set_status(tiltak=tiltak, status=Tiltak.Status.GJENNOMFORT, by=None)
    return skole


def _programme(kommune: Kommune, skoler: list[Skole], veileder, egen: tuple[str, str]) -> Veiledning:
    veiledning = veiledning_create(kommune=kommune, veiledere=[veileder], skoler=skoler)
    start = datetime.now(OSLO) - timedelta(days=200)
    Samling.objects.create(veiledning=veiledning, type="oppstart", start=start, slutt=start + timedelta(hours=2))
    follow = datetime.now(OSLO) + timedelta(days=5)  # today counts as the follow-up
    Samling.objects.create(veiledning=veiledning, type="oppfolging", start=follow, slutt=follow + timedelta(hours=2))
    veiledning.steg = "oppfolging"
    veiledning.save(update_fields=["steg"])
    StegEndring.objects.create(veiledning=veiledning, fra="planlagt", til="oppfolging")
    questions = [q["key"] for q in veiledning.programmal.innhold["egenvurdering"] if q.get("type") != "nivaer"]
    for skole in skoler:
        for fase, svar in zip(("baseline", "oppfolging"), egen, strict=True):
            Egenvurdering.objects.create(
                veiledning=veiledning, skole=skole, fase=fase, ferdig=True,
                svar={key: {"svar": svar, "kommentar": "Hemmelig kommentar"} for key in questions},
            )  # fmt: skip
    return veiledning


def build_nation() -> Nation:
    veileder = make_user("nasjon.veileder@example.com", is_veileder=True)
    n = Nation(a=_kommune(1, "Vestland"), b=_kommune(2, "Rogaland"), veileder=veileder)
    n.skoler_a = [_school(n.a, 1, i, hvor="gang", hendelse="slag", egen=("nei", "ja")) for i in range(6)]
    n.skoler_b = [_school(n.b, 2, i, hvor="garderobe", hendelse="kniv", egen=("delvis", "ja")) for i in range(4)]
    _programme(n.a, n.skoler_a, veileder, ("nei", "ja"))
    n.b_veileder = make_user("b.veileder@example.com", is_veileder=True)
    _programme(n.b, n.skoler_b, n.b_veileder, ("delvis", "ja"))
    grunnlag_refresh()
    return n
