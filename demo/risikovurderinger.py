"""Demo risk assessments for `make run`: a finished one with a dozen varied rows for each
demo school, a draft for one more school, and a sektor assessment for Bergen."""

from datetime import timedelta

from django.utils import timezone

from kommuner.models import Kommune
from risikovurdering import services
from risikovurdering.models import Risikovurdering

SITUASJONER = [
    ("gang", "overganger", "Trengsel i gangen når klassene bytter rom; voksne står i klasserommene.", "slag", 2, 1),
    ("ute", "friminutt", "Konflikter i fotballbingen som trappes opp før inspiserende rekker fram.", "slag", 2, 1),
    (
        "klasserom",
        "undervisning",
        "Elev blir urolig ved krav om å starte på oppgaver; kaster gjenstander.",
        "trusler",
        1,
        1,
    ),
    ("garderobe", "skolestart", "Ingen voksne i garderoben før gymtimen; skjellsord og dytting.", "skjellsord", 2, 0),
    ("sfo", "sfo", "Få voksne på ettermiddagen; én ansatt alene med en stor gruppe.", "spytting", 3, 0),
    ("spesial", "undervisning", "Utagering i skjermet avdeling; ansatte får slag og spark.", "slag", 3, 1),
    ("skyss", "avslutning", "Venting på skolebussen; truende språk mot busslederen.", "trusler", 1, 1),
    ("digitalt", "annet", "Truende meldinger til lærer på skolens læringsplattform.", "trusler", 1, 1),
    (
        "tur",
        "undervisning",
        "Turdager med få voksne og dårlig mobildekning for å tilkalle hjelp.",
        "motstridende",
        0,
        1,
    ),
    ("klasserom", "overganger", "Motstridende krav fra foresatte og ledelse om tilrettelegging.", "motstridende", 2, 0),
    ("ute", "avslutning", "Ukjente ungdommer på skolegården etter skoletid med kniv.", "kniv", 0, 2),
    ("gang", "friminutt", "Spytting og banning mot vikarer som ikke kjenner elevene.", "spytting", 3, 0),
]
FAKTORER = [["alenearbeid", "bemanning"], ["kompetanse"], ["organisering", "lokaler"], ["arbeidstid"], ["effekt"]]
UTSATTE = [["laerer"], ["assistent", "miljoarbeider"], ["vikar", "nyansatt"], ["laerer", "leder"]]


def _assessment(skole, *, finished: bool) -> None:
    if Risikovurdering.objects.filter(skole=skole).exists():
        return
    vurdering = services.risikovurdering_create(
        niva="skole", skole=skole, by=None, dato=timezone.localdate() - timedelta(days=40), source="seed_demo"
    )
    services.risikovurdering_update(
        vurdering=vurdering,
        fields={"deltakere": ["rektor", "verneombud", "tillitsvalgt"], "kilder": ["avvik", "samtaler"]},
        by=None,
    )
    offset = skole.pk % len(SITUASJONER)
    for i in range(12 if finished else 4):
        hvor, nar, situasjon, hendelse, s, a = SITUASJONER[(offset + i) % len(SITUASJONER)]
        services.risikoforhold_create(
            vurdering=vurdering,
            by=None,
            fields={
                "hvor": hvor, "nar": nar, "situasjon": situasjon, "hendelse": hendelse,
                "utsatte": UTSATTE[i % len(UTSATTE)], "faktorer": FAKTORER[i % len(FAKTORER)],
                "eksisterende_tiltak": "Rutine for å tilkalle hjelp; voksne i overgangene.",
                "sannsynlighet": s if finished or i % 2 else None, "alvorlighet": a if finished or i % 2 else None,
            },
        )  # fmt: skip
    if finished:
        services.risikovurdering_set_ferdig(vurdering=vurdering, by=None)


def _sektor(kommune: Kommune) -> None:
    if Risikovurdering.objects.filter(kommune=kommune, niva="sektor").exists():
        return
    vurdering = services.risikovurdering_create(niva="sektor", kommune=kommune, by=None, source="seed_demo")
    services.risikovurdering_update(
        vurdering=vurdering,
        fields={"deltakere": ["ledelse", "hms", "htv_hvo", "bht"], "kilder": ["avvik", "planer", "10faktor"]},
        by=None,
    )
    for hvor, situasjon, faktorer, s, a in [
        ("annet", "Vikarer settes inn uten opplæring i skolens rutiner for vold og trusler.", ["kompetanse"], 2, 1),
        ("sfo", "Bemanningsnormen i SFO gir alenearbeid sent på dagen.", ["bemanning", "alenearbeid"], 3, 0),
        ("annet", "Avviksmeldinger følges ikke opp med tilbakemelding til skolene.", ["effekt"], 2, 0),
    ]:
        services.risikoforhold_create(
            vurdering=vurdering, by=None,
            fields={"hvor": hvor, "situasjon": situasjon, "faktorer": faktorer, "sannsynlighet": s, "alvorlighet": a},
        )  # fmt: skip
    services.risikovurdering_set_ferdig(vurdering=vurdering, by=None)


def seed_risikovurderinger(*, first: Kommune, second: Kommune) -> None:
    bergen = list(first.skoler.order_by("orgnr"))
    for skole in bergen[:-1] + list(second.skoler.order_by("orgnr")):
        _assessment(skole, finished=True)
    _assessment(bergen[-1], finished=False)
    _sektor(first)
