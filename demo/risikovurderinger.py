"""Demo risk assessments for `make run`: a finished one with a dozen varied rows for each
demo school, a draft for one more school, and a sektor assessment for Bergen."""

from datetime import timedelta

from django.utils import timezone

from demo.tekster import pa
from kommuner.models import Kommune
from risikovurdering import services
from risikovurdering.models import Risikovurdering

SITUASJONER = [
    ("gang", "overganger", {
        "nb": "Trengsel i gangen når klassene bytter rom; voksne står i klasserommene.",
        "nn": "Trengsel i gangen når klassane byter rom; dei vaksne står i klasseromma.",
    }, "slag", 2, 1),
    ("ute", "friminutt", {
        "nb": "Konflikter i fotballbingen som trappes opp før inspiserende rekker fram.",
        "nn": "Konfliktar i fotballbingen som blir trappa opp før dei som har inspeksjon, rekk fram.",
    }, "slag", 2, 1),
    ("klasserom", "undervisning", {
        "nb": "Elev blir urolig ved krav om å starte på oppgaver; kaster gjenstander.",
        "nn": "Elev blir uroleg når det blir stilt krav om å starte på oppgåver; kastar gjenstandar.",
    }, "trusler", 1, 1),
    ("garderobe", "skolestart", {
        "nb": "Ingen voksne i garderoben før gymtimen; skjellsord og dytting.",
        "nn": "Ingen vaksne i garderoben før gymtimen; skjellsord og dytting.",
    }, "skjellsord", 2, 0),
    ("sfo", "sfo", {
        "nb": "Få voksne på ettermiddagen; én ansatt alene med en stor gruppe.",
        "nn": "Få vaksne på ettermiddagen; éin tilsett aleine med ei stor gruppe.",
    }, "spytting", 3, 0),
    ("spesial", "undervisning", {
        "nb": "Utagering i skjermet avdeling; ansatte får slag og spark.",
        "nn": "Utagering i skjerma avdeling; tilsette får slag og spark.",
    }, "slag", 3, 1),
    ("skyss", "avslutning", {
        "nb": "Venting på skolebussen; truende språk mot busslederen.",
        "nn": "Venting på skulebussen; trugande språk mot bussleiaren.",
    }, "trusler", 1, 1),
    ("digitalt", "annet", {
        "nb": "Truende meldinger til lærer på skolens læringsplattform.",
        "nn": "Trugande meldingar til lærar på læringsplattforma til skulen.",
    }, "trusler", 1, 1),
    ("tur", "undervisning", {
        "nb": "Turdager med få voksne og dårlig mobildekning for å tilkalle hjelp.",
        "nn": "Turdagar med få vaksne og dårleg mobildekning når ein skal tilkalle hjelp.",
    }, "motstridende", 0, 1),
    ("klasserom", "overganger", {
        "nb": "Motstridende krav fra foresatte og ledelse om tilrettelegging.",
        "nn": "Motstridande krav frå føresette og leiinga om tilrettelegging.",
    }, "motstridende", 2, 0),
    ("ute", "avslutning", {
        "nb": "Ukjente ungdommer på skolegården etter skoletid med kniv.",
        "nn": "Ukjende ungdomar med kniv i skulegarden etter skuletid.",
    }, "kniv", 0, 2),
    ("gang", "friminutt", {
        "nb": "Spytting og banning mot vikarer som ikke kjenner elevene.",
        "nn": "Spytting og banning mot vikarar som ikkje kjenner elevane.",
    }, "spytting", 3, 0),
]  # fmt: skip
EKSISTERENDE_TILTAK = {
    "nb": "Rutine for å tilkalle hjelp; voksne i overgangene.",
    "nn": "Rutine for å tilkalle hjelp; vaksne i overgangane.",
}
SEKTOR = [
    ("annet", {
        "nb": "Vikarer settes inn uten opplæring i skolens rutiner for vold og trusler.",
        "nn": "Vikarar blir sette inn utan opplæring i rutinane skulen har for vald og truslar.",
    }, ["kompetanse"], 2, 1),
    ("sfo", {
        "nb": "Bemanningsnormen i SFO gir alenearbeid sent på dagen.",
        "nn": "Bemanningsnorma i SFO gir aleinearbeid seint på dagen.",
    }, ["bemanning", "alenearbeid"], 3, 0),
    ("annet", {
        "nb": "Avviksmeldinger følges ikke opp med tilbakemelding til skolene.",
        "nn": "Avviksmeldingar blir ikkje følgde opp med tilbakemelding til skulane.",
    }, ["effekt"], 2, 0),
]  # fmt: skip
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
    kommune = skole.kommune
    offset = skole.pk % len(SITUASJONER)
    for i in range(12 if finished else 4):
        hvor, nar, situasjon, hendelse, s, a = SITUASJONER[(offset + i) % len(SITUASJONER)]
        services.risikoforhold_create(
            vurdering=vurdering,
            by=None,
            fields={
                "hvor": hvor, "nar": nar, "situasjon": pa(kommune, situasjon), "hendelse": hendelse,
                "utsatte": UTSATTE[i % len(UTSATTE)], "faktorer": FAKTORER[i % len(FAKTORER)],
                "eksisterende_tiltak": pa(kommune, EKSISTERENDE_TILTAK),
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
    for hvor, situasjon, faktorer, s, a in SEKTOR:
        services.risikoforhold_create(
            vurdering=vurdering, by=None,
            fields={"hvor": hvor, "situasjon": pa(kommune, situasjon), "faktorer": faktorer,
                    "sannsynlighet": s, "alvorlighet": a},
        )  # fmt: skip
    services.risikovurdering_set_ferdig(vurdering=vurdering, by=None)


def seed_risikovurderinger(*, first: Kommune, second: Kommune) -> None:
    bergen = list(first.skoler.order_by("orgnr"))
    for skole in bergen[:-1] + list(second.skoler.order_by("orgnr")):
        _assessment(skole, finished=True)
    _assessment(bergen[-1], finished=False)
    _sektor(first)
