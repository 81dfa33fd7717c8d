"""Demo workflow for `make run`, with dates relative to today (issue: the workflow).

Bergen stands at the seminar step (letter sent, oppstart held with notes, seminar
tomorrow with participants, answers from one school); Voss waits for its follow-up;
Vestland fylkeskommune's videregående programme, run by its own facilitator, waits for
its oppstart. Each school
owner's texts are in its målform (demo.tekster)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from core.models import Paminnelse
from core.reminders import target_of
from demo.tekster import Tekst, pa
from kommuner.models import Kommune, Kontakt
from kommuner.services import kontakt_create
from veiledning import services, skoleferie
from veiledning.models import Egenvurdering, Oppgavesvar, Samling, Veiledning

SOURCE = "seed_demo"
OSLO = ZoneInfo(settings.TIME_ZONE)


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    """About `days` from today, on a day a school would meet: a coming meeting moves on to
    the next school day (no weekend, no holiday), one already held back to a weekday."""
    day = timezone.localdate() + timedelta(days=days)
    step = timedelta(days=1 if days >= 0 else -1)
    while not (skoleferie.er_skoledag(day) if days >= 0 else day.weekday() < 5):
        day += step
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO)


def _kontakt(kommune: Kommune, rolle: str, navn: str, epost: str, skole=None, tittel: str = "") -> Kontakt:
    found = Kontakt.objects.filter(kommune=kommune, skole=skole, rolle=rolle, epost=epost).first()
    return found or kontakt_create(
        kommune=kommune, skole=skole, rolle=rolle, navn=navn, epost=epost, tittel=tittel, source=SOURCE
    )


# Names that say the role, in the school owner's målform.
HTV_NAVN = {"nb": "Terje Tillitsvalgt", "nn": "Terje Tillitsvald"}
VERNEOMBUD = {"nb": "Verneombud", "nn": "Verneombod"}
TILLITSVALGT = {"nb": "Tillitsvalgt", "nn": "Tillitsvald"}


def _people(kommune: Kommune, skoler, slug: str) -> None:
    _kontakt(kommune, Kontakt.Rolle.HMS_RADGIVER, "Helga HMS", f"hms.{slug}@example.com")
    _kontakt(kommune, Kontakt.Rolle.HTV, pa(kommune, HTV_NAVN), f"htv.{slug}@example.com")
    verneombud, tillitsvalgt = pa(kommune, VERNEOMBUD), pa(kommune, TILLITSVALGT)
    for i, skole in enumerate(skoler, start=1):
        _kontakt(kommune, Kontakt.Rolle.VERNEOMBUD, f"{verneombud} {i}", f"vo{i}.{slug}@example.com", skole)
        _kontakt(kommune, Kontakt.Rolle.TILLITSVALGT, f"{tillitsvalgt} {i}", f"tv{i}.{slug}@example.com", skole)


def _veiledning(kommune: Kommune, veileder: User, skoler, var_ref: str = "2026/0042") -> Veiledning:
    veiledning = Veiledning.objects.filter(kommune=kommune).first()
    if veiledning is None:
        veiledning = services.veiledning_create(kommune=kommune, veiledere=[veileder], skoler=skoler, source=SOURCE)
    if veiledning.programmal is None:
        veiledning.programmal = services.programmal_active(kommune)
        veiledning.save(update_fields=["programmal"])
    services.veiledning_set_skoler(veiledning=veiledning, skoler=skoler, by=None)
    if not veiledning.var_ref:
        services.veiledning_update_brev(veiledning=veiledning, var_ref=var_ref, brevform="", by=None)
    if veiledning.brev_sendt_at is None:
        services.brev_send(veiledning=veiledning, by=veileder)
    return veiledning


def _advance(veiledning: Veiledning, til: str, by: User) -> None:
    order = list(Veiledning.Steg.values)
    veiledning.refresh_from_db()
    while order.index(veiledning.steg) < order.index(til):
        nxt = order[order.index(veiledning.steg) + 1]
        veiledning = services.veiledning_set_steg(veiledning=veiledning, til=nxt, by=by)


OPPSTART_BERGEN = {
    "nb": "Skolene ble enige om datoen for seminaret. Alle fire skolene deltar. BHT blir med på seminaret.",
    "nn": "Skulane vart samde om datoen for seminaret. Alle fire skulane er med. BHT blir med på seminaret.",
}
SVAR_BERGEN = [
    ("oppgave1", 0, {
        "nb": "Avviksmeldinger, medarbeidersamtaler og elevundersøkelsen.",
        "nn": "Avviksmeldingar, medarbeidarsamtalar og elevundersøkinga.",
    }),
    ("oppgave1", 1, {
        "nb": "Nei, vi har ikke satt av fast tid. Vi vil legge det inn i årshjulet.",
        "nn": "Nei, vi har ikkje sett av fast tid. Vi vil leggje det inn i årshjulet.",
    }),
]  # fmt: skip
OPPSTART_VOSS = {
    "nb": "Gjennomgang av planen. Tre skoler var interesserte; to er med.",
    "nn": "Gjennomgang av planen. Tre skular var interesserte; to er med.",
}
# What an earlier seed wrote for Voss (mixed forms), rewritten by demo.malform.
OPPSTART_VOSS_EARLIER = {
    "nb": "Gjennomgang av planen. Tre skular meldte interesse; to er med.",
    "nn": OPPSTART_VOSS["nn"],
}
# The baseline's comments on some points (by the template's keys; a point the template
# lacks is left out).
EGENVURDERING_KOMMENTARER: dict[str, Tekst] = {
    "kartlegging": {
        "nb": "Vi har kartlagt noen steder, men ikke gått gjennom situasjonene i SFO.",
        "nn": "Vi har kartlagt nokre stader, men ikkje gått gjennom situasjonane i SFO.",
    },
    "avvik": {
        "nb": "Hendelser blir meldt, men den som melder, får sjelden tilbakemelding.",
        "nn": "Hendingar blir melde, men den som melder, får sjeldan tilbakemelding.",
    },
}


def seed_workflow(*, veileder: User, first: Kommune, second: Kommune, hms_user: User) -> None:
    bergen_skoler = list(first.skoler.order_by("orgnr")[:4])
    _people(first, bergen_skoler[:2], "bergen")
    bergen = _veiledning(first, veileder, bergen_skoler)
    services.samling_schedule(
        veiledning=bergen, type=Samling.Type.OPPSTART, start=_at(-30, 13), slutt=_at(-30, 14, 30),
        sted="Bergen rådhus, møterom 3",
        notater=pa(first, OPPSTART_BERGEN),
        by=veileder, source=SOURCE,
    )  # fmt: skip
    seminar = services.samling_schedule(
        veiledning=bergen, type=Samling.Type.SEMINAR, start=_at(1, 9), slutt=_at(1, 13),
        sted="Bergen rådhus, bystyresalen", by=veileder, source=SOURCE,
    )  # fmt: skip
    services.deltakere_add_hms_grupper(samling=seminar, source=SOURCE)
    _advance(bergen, Veiledning.Steg.SEMINAR, veileder)
    skole = bergen_skoler[0]
    for oppgave, index, tekst in SVAR_BERGEN:
        if not Oppgavesvar.objects.filter(veiledning=bergen, skole=skole, oppgave=oppgave, sporsmal=index).exists():
            services.oppgavesvar_save(
                veiledning=bergen,
                skole=skole,
                oppgave=oppgave,
                sporsmal=index,
                tekst=pa(first, tekst),
                versjon=0,
                by=hms_user,
            )

    _demo_reminder(bergen, veileder)

    voss_skoler = list(second.skoler.order_by("orgnr")[:2])
    _people(second, voss_skoler[:1], "voss")
    voss = _veiledning(second, veileder, voss_skoler)
    services.samling_schedule(
        veiledning=voss, type=Samling.Type.OPPSTART, start=_at(-200, 12), slutt=_at(-200, 13, 30),
        sted="Voss kommunehus", notater=pa(second, OPPSTART_VOSS),
        by=veileder, source=SOURCE,
    )  # fmt: skip
    services.samling_schedule(
        veiledning=voss, type=Samling.Type.SEMINAR, start=_at(-150, 9), slutt=_at(-150, 13),
        sted="Voss kulturhus", by=veileder, source=SOURCE,
    )  # fmt: skip
    services.samling_schedule(
        veiledning=voss, type=Samling.Type.OPPFOLGING, start=_at(30, 10), slutt=_at(30, 11),
        sted="Teams", teams_lenke="https://teams.microsoft.com/l/meetup-join/demo", by=veileder, source=SOURCE,
    )  # fmt: skip
    _advance(voss, Veiledning.Steg.OPPFOLGING, veileder)
    keys = [p["key"] for p in voss.programmal.innhold["egenvurdering"]]
    for skole, svar in zip(voss_skoler, ("nei", "delvis"), strict=False):
        if not Egenvurdering.objects.filter(veiledning=voss, skole=skole, fase="baseline").exists():
            services.egenvurdering_save(
                veiledning=voss, skole=skole, fase="baseline", ferdig=True, by=veileder,
                svar={k: {"svar": svar, "kommentar": pa(second, EGENVURDERING_KOMMENTARER.get(k, ""))} for k in keys},
            )  # fmt: skip


def seed_third(*, veileder: User, third: Kommune) -> None:
    """A seminar held two days ago: its evaluation is open now."""
    skoler = list(third.skoler.order_by("orgnr")[:3])
    _people(third, skoler, f"k{third.nummer}")
    veiledning = _veiledning(third, veileder, skoler)
    services.samling_schedule(
        veiledning=veiledning, type=Samling.Type.OPPSTART, start=_at(-40, 12), slutt=_at(-40, 13),
        sted="Rådhuset", by=veileder, source=SOURCE,
    )  # fmt: skip
    seminar = services.samling_schedule(
        veiledning=veiledning, type=Samling.Type.SEMINAR, start=_at(-2, 9), slutt=_at(-2, 13),
        sted="Kulturhuset", by=veileder, source=SOURCE,
    )  # fmt: skip
    services.deltakere_add_hms_grupper(samling=seminar, source=SOURCE)
    _advance(veiledning, Veiledning.Steg.OPPFOLGING, veileder)


FYLKESDIREKTOR = {
    "nb": "Fylkesdirektør for opplæring og kompetanse",
    "nn": "Fylkesdirektør for opplæring og kompetanse",
}
HVO_NAVN = {"nb": "Hallvard Hovedverneombud", "nn": "Hallvard Hovudverneombod"}


def seed_fylkeskommune(*, veileder: User, fasilitator: User, fylke: Kommune) -> Veiledning:
    """Vestland fylkeskommune's programme for three videregående schools, run by its own
    facilitator ("train the trainer") with the Arbeidstilsynet veileder beside her, on the
    fylkeskommune's own copy of the template written for a fylkeskommune: letter sent, the
    oppstart meeting in two weeks."""
    skoler = list(fylke.skoler.order_by("orgnr")[:3])
    _kontakt(
        fylke, Kontakt.Rolle.KOMMUNALSJEF, "Frida Fylkesdirektør", "fylkesdirektor.vlfk@example.com",
        tittel=pa(fylke, FYLKESDIREKTOR),
    )  # fmt: skip
    _kontakt(fylke, Kontakt.Rolle.HVO, pa(fylke, HVO_NAVN), "hvo.vlfk@example.com")
    _people(fylke, skoler, "vlfk")
    for i, skole in enumerate(skoler, start=1):
        _kontakt(fylke, Kontakt.Rolle.REKTOR, f"Rektor {i}", f"rektor{i}.vlfk@example.com", skole)
    kopi = services.programmal_copy_for(kommune=fylke, by=fasilitator)  # before the programme: it starts on it
    veiledning = _veiledning(fylke, fasilitator, skoler, var_ref="2026/0117")
    if veiledning.programmal_id != kopi.pk and veiledning.programmal.eier_kommune_id is None:
        veiledning.programmal = kopi  # a demo database seeded before facilitators
        veiledning.save(update_fields=["programmal"])
    services.veiledning_set_veiledere(veiledning=veiledning, veiledere=[fasilitator, veileder], by=None)
    services.samling_schedule(
        veiledning=veiledning, type=Samling.Type.OPPSTART, start=_at(14, 12), slutt=_at(14, 13, 30),
        sted="Fylkeshuset, Bergen", by=fasilitator, source=SOURCE,
    )  # fmt: skip
    _advance(veiledning, Veiledning.Steg.OPPSTART, fasilitator)
    return veiledning


def _demo_reminder(veiledning: Veiledning, veileder: User) -> None:
    """Falls due two minutes after `make run` starts, so the outbox shows a reminder
    going out; a new one each run (its generation is the minute it was made)."""
    now = timezone.now()
    Paminnelse.objects.get_or_create(
        kind="demo",
        target=target_of(veiledning),
        recipient=veileder.email,
        generation=int(now.timestamp() // 60),
        defaults={"due_at": now + timedelta(minutes=2), "language": veileder.language},
    )
