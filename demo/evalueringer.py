"""Demo evaluations: one open now (a seminar two days ago in a third municipality) with
answers from most of those who came, a closed one from Voss's earlier seminar, and one
that opens later today (a seminar this morning in a fourth municipality)."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from demo.tekster import pa
from demo.veiledninger import OSLO, SOURCE, _advance, _at, _people, _veiledning
from evaluering.models import Besvarelse, Evaluering, Svar
from evaluering.services import device_hash, evaluering_set_window
from kommuner.models import Kommune
from veiledning import services
from veiledning.models import Samling, Veiledning

COMMENTS = [
    {
        "nb": "Nyttig å jobbe med egen skole i gruppeoppgavene.",
        "nn": "Nyttig å arbeide med eigen skule i gruppeoppgåvene.",
    },
    {"nb": "Gjerne mer tid til risikovurderingen.", "nn": "Gjerne meir tid til risikovurderinga."},
    {"nb": "God dag! Vi tar med opplegget tilbake.", "nn": "God dag! Vi tek med opplegget tilbake."},
    {"nb": "Savnet konkrete eksempler fra videregående.", "nn": "Sakna konkrete døme frå vidaregåande."},
    "",
]
# Typed before the privacy guard asked: the results hold it back (it names someone).
NAMES_SOMEONE = {"nb": "Snakket med Kari Hansen om saken etterpå.", "nn": "Snakka med Kari Hansen om saka etterpå."}
FIRST = [
    {"nb": "Gå gjennom avviksrutinen", "nn": "Gå gjennom avviksrutinen"},
    {"nb": "Sette av tid i HMS-gruppen", "nn": "Setje av tid i HMS-gruppa"},
    {"nb": "Informere på personalmøtet", "nn": "Informere på personalmøtet"},
    "",
]
DELTAKER = {"nb": "Deltaker", "nn": "Deltakar"}
ROLES = ["rektor", "verneombud", "tillitsvalgt", "tillitsvalgt", "annet"]


def _room(seminar: Samling, size: int) -> None:
    """Registered for the seminar: the HMS-grupper and, to fill the room, a rektor and
    staff from each school (a seminar has people beyond the contacts on file)."""
    skoler = list(seminar.veiledning.skoler.order_by("orgnr"))
    nummer = seminar.veiledning.kommune.nummer
    deltaker = pa(seminar.veiledning.kommune, DELTAKER)
    i = 0
    while skoler and seminar.deltakere.count() < size:
        i += 1
        skole = skoler[i % len(skoler)]
        epost = f"deltaker{i}.k{nummer}@example.com"
        if not seminar.deltakere.filter(epost=epost).exists():
            rolle = "rektor" if i <= len(skoler) else "annet"
            services.deltaker_add(
                samling=seminar,
                navn=f"{deltaker} {i}",
                epost=epost,
                rolle=rolle,
                skole=skole,
                source=SOURCE,
            )


def _attendance(seminar: Samling, *, absent: int) -> int:
    """Everyone registered came but the last `absent`; returns how many came."""
    deltakere = list(seminar.deltakere.order_by("pk"))
    came = deltakere[: max(len(deltakere) - absent, 0)]
    for deltaker in deltakere:
        oppmott = deltaker in came
        if deltaker.oppmott is not oppmott:
            services.deltaker_set_oppmott(deltaker=deltaker, oppmott=oppmott, by=None)
    return len(came)


def _responses(evaluering: Evaluering, n: int, seed: int, *, flagged: bool = False) -> None:
    if evaluering.besvarelser.exists():
        return
    rng = random.Random(seed)
    kommune = evaluering.samling.veiledning.kommune
    likert = [q["key"] for q in evaluering.sporsmal if q["type"] == "likert"]
    for i in range(n):
        besvarelse = Besvarelse.objects.create(
            evaluering=evaluering, enhet=device_hash(f"demo-{seed}-{i}"), rolle=ROLES[i % 5]
        )
        for key in likert:
            Svar.objects.create(besvarelse=besvarelse, sporsmal=key, verdi=rng.choice([3, 4, 4, 5, 5, 2]))
        text = pa(kommune, NAMES_SOMEONE if flagged and i == 1 else COMMENTS[i % len(COMMENTS)])
        if text:
            Svar.objects.create(besvarelse=besvarelse, sporsmal="kommentar", tekst=text)
        if text := pa(kommune, FIRST[i % len(FIRST)]):
            Svar.objects.create(besvarelse=besvarelse, sporsmal="forst", tekst=text)


def _today_at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(timezone.localdate(), time(hour, minute), tzinfo=OSLO)


def opens_later_today(now: datetime) -> datetime:
    """The agenda's 12:45, or, seeded after that, an hour and a half from now (on a
    five-minute mark), but always today."""
    later = (timezone.localtime(now, OSLO) + timedelta(minutes=90)).replace(second=0, microsecond=0)
    later += timedelta(minutes=-later.minute % 5)
    last = _today_at(23, 55)
    return min(max(_today_at(12, 45), later), max(last, now + timedelta(minutes=1)))


def seed_today(*, veileder: User, fourth: Kommune) -> Evaluering:
    """A seminar this morning whose evaluation opens later today: the link says when."""
    skoler = list(fourth.skoler.order_by("orgnr")[:2])
    _people(fourth, skoler, f"k{fourth.nummer}")
    veiledning = _veiledning(fourth, veileder, skoler)
    services.samling_schedule(
        veiledning=veiledning, type=Samling.Type.OPPSTART, start=_at(-35, 12), slutt=_at(-35, 13),
        sted="Rådhuset", by=veileder, source=SOURCE,
    )  # fmt: skip
    seminar = services.samling_schedule(
        veiledning=veiledning, type=Samling.Type.SEMINAR, start=_today_at(9), slutt=_today_at(13),
        sted="Kommunestyresalen", by=veileder, source=SOURCE,
    )  # fmt: skip
    services.deltakere_add_hms_grupper(samling=seminar, source=SOURCE)
    _advance(veiledning, Veiledning.Steg.SEMINAR, veileder)
    evaluering = Evaluering.objects.get(samling=seminar)
    opens = opens_later_today(timezone.now())
    if not evaluering.besvarelser.exists() and evaluering.apner_at != opens:
        evaluering = evaluering_set_window(
            evaluering=evaluering, apner_at=opens, lukker_at=opens + timedelta(days=7), by=veileder
        )
    return evaluering


def seed_evalueringer(*, third: Kommune, second: Kommune) -> None:
    """Answers from most of those who came: the rate is against attendance."""
    for kommune, seed, size in ((third, 1, 14), (second, 2, 10)):
        evaluering = Evaluering.objects.filter(samling__veiledning__kommune=kommune).first()
        if evaluering:
            _room(evaluering.samling, size)
            came = _attendance(evaluering.samling, absent=1)
            _responses(evaluering, max(came - 1, 5), seed, flagged=kommune == third)
