"""Demo action plans: each demo school's plan with Tiltak linked to its high-risk rows,
in every status and one overdue; and Bergen's own plan. Bergen's first school says what
it needs from the Kommune, and has answered Bergen's status request (the owner's view)."""

from datetime import timedelta

from django.utils import timezone

from demo.tekster import pa
from handlingsplan import services
from handlingsplan.models import Handlingsplan, Statusforesporsel
from handlingsplan.selectors import behov_index
from kommuner.models import Kommune, Kontakt
from risikovurdering.matrix import risk_level
from risikovurdering.models import Risikovurdering
from veiledning.services import programmal_for

STATUSES = ["ikke_startet", "pagar", "gjennomfort", "forkastet", "pagar"]
MEASURES = [
    ({"nb": "Alarmknapp i klasserom og SFO-base", "nn": "Alarmknapp i klasserom og SFO-base"}, "tiltak", "redusere"),
    (
        {
            "nb": "To voksne i overgangene ved skolestart og friminutt",
            "nn": "To vaksne i overgangane ved skulestart og i friminutta",
        },
        "tiltak",
        "fjerne",
    ),
    (
        {
            "nb": "Opplæring og øvelse for alle ansatte, også vikarer",
            "nn": "Opplæring og øving for alle tilsette, også vikarar",
        },
        "opplaering",
        "redusere",
    ),
    (
        {
            "nb": "Rutine for samtale med leder samme dag etter en hendelse",
            "nn": "Rutine for samtale med leiaren same dag etter ei hending",
        },
        "oppfolging",
        "kompensere",
    ),
    (
        {"nb": "Tilbakemelding på avvik innen en uke", "nn": "Tilbakemelding på avvik innan ei veke"},
        "avvik",
        "redusere",
    ),
]
VURDERT = {"nb": "Vurdert i HMS-gruppen", "nn": "Vurdert i HMS-gruppa"}


def _high_rows(vurdering: Risikovurdering):
    return [
        rad for rad in vurdering.rader.all()
        if (level := risk_level(vurdering.matrise, rad.sannsynlighet, rad.alvorlighet)) and level.key == "hoy"
    ]  # fmt: skip


def _plan_for(kommune: Kommune, skole, veiledning, rows, overdue: bool) -> None:
    if Handlingsplan.objects.filter(kommune=kommune, skole=skole).exists():
        return
    plan = services.handlingsplan_get_or_create(kommune=kommune, skole=skole, veiledning=veiledning, source="seed_demo")
    today = timezone.localdate()
    for i, (beskrivelse, omrade, kind) in enumerate(MEASURES):
        frist = today - timedelta(days=10) if overdue and i == 0 else today + timedelta(days=30 * (i + 1))
        tiltak = services.tiltak_create(
            plan=plan,
            fields={
                "beskrivelse": pa(kommune, beskrivelse),
                "omrade": omrade,
                "type": kind,
                "ansvarlig_rolle": "rektor",
                "frist": frist,
            },
            risikoforhold=rows[i : i + 1],
            by=None,
            source="seed_demo",
        )
        status = STATUSES[i]
        if status == "gjennomfort":
            services.tiltak_set_status(tiltak=tiltak, status="pagar", by=None)
        if status != "ikke_startet":
            services.tiltak_set_status(tiltak=tiltak, status=status, by=None, kommentar=pa(kommune, VURDERT))


def seed_handlingsplaner(*, first: Kommune, second: Kommune) -> None:
    for kommune in (first, second):
        veiledning = kommune.veiledninger.first()
        for n, skole in enumerate(kommune.skoler.order_by("orgnr")):
            vurdering = Risikovurdering.objects.filter(skole=skole, status="ferdig").first()
            if vurdering:
                _plan_for(kommune, skole, veiledning, _high_rows(vurdering), overdue=kommune == first and n == 0)
    sektor = Risikovurdering.objects.filter(kommune=first, niva="sektor").first()
    if sektor and not Handlingsplan.objects.filter(kommune=first, skole__isnull=True).exists():
        _plan_for(first, None, first.veiledninger.first(), list(sektor.rader.all()), overdue=False)
    seed_owner_view(kommune=first)


STATUS_QUESTION = {
    "nb": "Hvordan går det forebyggende arbeidet mot vold og trusler hos dere? Hva fungerer, og hva er vanskelig?",
    "nn": "Korleis går det førebyggjande arbeidet mot vald og truslar hos dykk? Kva fungerer, og kva er vanskeleg?",
}
STATUS_ANSWER = {
    "nb": "Alarmknappene er på plass, og alle ansatte har øvd på rutinen. Vi strever fortsatt med "
    "overgangene i SFO, der bemanningen er lav om ettermiddagen.",
    "nn": "Alarmknappane er på plass, og alle tilsette har øvd på rutinen. Vi slit framleis med "
    "overgangane i SFO, der bemanninga er låg om ettermiddagen.",
}
NEEDS = {
    "nb": "Flere voksne i SFO om ettermiddagen, og kurs i konflikthåndtering for nye assistenter.",
    "nn": "Fleire vaksne i SFO om ettermiddagen, og kurs i konflikthandtering for nye assistentar.",
}


def seed_owner_view(*, kommune: Kommune) -> None:
    """The first school's needs from the Kommune in its plan; a status request from the
    Kommune to its first two schools, the first of which has answered."""
    eier = Kontakt.objects.filter(kommune=kommune, skole__isnull=True, rolle=Kontakt.Rolle.KOMMUNALSJEF)
    eier = eier.exclude(user=None).select_related("user").first()
    skoler = list(kommune.skoler.order_by("orgnr")[:2])
    rektor = Kontakt.objects.filter(skole__in=skoler[:1], rolle=Kontakt.Rolle.REKTOR).exclude(user=None).first()
    if eier is None or rektor is None or not skoler:
        return
    plan = Handlingsplan.objects.filter(kommune=kommune, skole=skoler[0]).first()
    index = behov_index(programmal_for(plan.veiledning if plan else None)) if plan else None
    if plan is not None and index is not None and not plan.svar.get(str(index)):
        services.handlingsplan_save_svar(plan=plan, svar={**plan.svar, str(index): pa(kommune, NEEDS)}, by=rektor.user)
    if Statusforesporsel.objects.filter(kommune=kommune).exists():
        return
    foresporsel = services.statusforesporsel_create(
        kommune=kommune, sporsmal=pa(kommune, STATUS_QUESTION), skoler=skoler, by=eier.user
    )
    services.statussvar_save(foresporsel=foresporsel, skole=skoler[0], tekst=pa(kommune, STATUS_ANSWER), by=rektor.user)
