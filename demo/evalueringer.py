"""Demo evaluations: one open now (a seminar two days ago in a third municipality) with a
few dozen responses, and a closed one from Voss's earlier seminar."""

import random

from evaluering.models import Besvarelse, Evaluering, Svar
from evaluering.services import device_hash
from kommuner.models import Kommune

COMMENTS = [
    "Nyttig å jobbe med egen skole i gruppeoppgavene.",
    "Gjerne mer tid til risikovurderingen.",
    "God dag! Vi tar med opplegget tilbake.",
    "Savnet konkrete eksempler fra videregående.",
    "",
]
FIRST = ["Gå gjennom avviksrutinen", "Sette av tid i HMS-gruppen", "Informere på personalmøtet", ""]
ROLES = ["rektor", "verneombud", "tillitsvalgt", "tillitsvalgt", "annet"]


def _responses(evaluering: Evaluering, n: int, seed: int) -> None:
    if evaluering.besvarelser.exists():
        return
    rng = random.Random(seed)
    likert = [q["key"] for q in evaluering.sporsmal if q["type"] == "likert"]
    for i in range(n):
        besvarelse = Besvarelse.objects.create(
            evaluering=evaluering, enhet=device_hash(f"demo-{seed}-{i}"), rolle=ROLES[i % 5]
        )
        for key in likert:
            Svar.objects.create(besvarelse=besvarelse, sporsmal=key, verdi=rng.choice([3, 4, 4, 5, 5, 2]))
        if text := COMMENTS[i % len(COMMENTS)]:
            Svar.objects.create(besvarelse=besvarelse, sporsmal="kommentar", tekst=text)
        if text := FIRST[i % len(FIRST)]:
            Svar.objects.create(besvarelse=besvarelse, sporsmal="forst", tekst=text)


def seed_evalueringer(*, third: Kommune, second: Kommune) -> None:
    for kommune, n, seed in ((third, 34, 1), (second, 21, 2)):
        evaluering = Evaluering.objects.filter(samling__veiledning__kommune=kommune).first()
        if evaluering:
            _responses(evaluering, n, seed)
