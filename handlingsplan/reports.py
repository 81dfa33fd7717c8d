from datetime import date

from django.db.models import Count, Max, Prefetch
from django.utils import timezone, translation

from core import regelverk
from core.exports import xlsx_bytes
from core.pdf import render_pdf
from core.reports import data_version
from handlingsplan.models import Handlingsplan, Tiltak
from handlingsplan.services import plan_task
from risikovurdering.matrix import risk_level
from risikovurdering.models import Risikoforhold
from veiledning.programmal import tekst


def plan_version(plan: Handlingsplan) -> str:
    """What the PDF shows changes with the plan, its measures, the rows they answer (their
    level) and the day (a measure becomes overdue overnight)."""
    tiltak = plan.tiltak.aggregate(n=Count("pk"), last=Max("updated_at"), rows=Max("risikoforhold__updated_at"))
    return data_version(plan.pk, plan.updated_at, tiltak["n"], tiltak["last"], tiltak["rows"], timezone.localdate())


def plan_context(plan: Handlingsplan, language: str) -> dict:
    """The plan as the PDF prints it: the guided questions with their answers, and each
    measure with the risks it answers (their level in words) and whether it is overdue."""
    with translation.override(language):
        oppgave = plan_task(plan)
        svar = [
            {"sporsmal": tekst(q, language), "svar": plan.svar.get(str(i), "")}
            for i, q in enumerate(oppgave["sporsmal"])
        ]
        tiltak = list(
            plan.tiltak.select_related("ansvarlig_kontakt").prefetch_related(
                Prefetch("risikoforhold", queryset=Risikoforhold.objects.select_related("vurdering__matrise"))
            )
        )
        for t in tiltak:
            t.risker = [
                {"rad": rad, "niva": risk_level(rad.vurdering.matrise, rad.sannsynlighet, rad.alvorlighet, language)}
                for rad in t.risikoforhold.all()
            ]
    return {
        "plan": plan, "title": tekst(oppgave["tittel"], language), "svar": svar, "tiltak": tiltak,
        "regelverk_kilde": regelverk.kapittel_navn(timezone.localdate(), language),
    }  # fmt: skip


def plan_pdf(object_id: str, language: str, audience: str = "") -> bytes:
    plan = Handlingsplan.objects.select_related("kommune", "skole").get(pk=object_id)
    return render_pdf("handlingsplan/rapport.html", plan_context(plan, language), language=language)


TIMELINE = [
    ("beskrivelse", lambda t: t.beskrivelse),
    ("type", lambda t: t.get_type_display()),
    ("omrade", lambda t: t.omrade_med_paragraf),
    (
        "ansvarlig_rolle",
        lambda t: " ".join(x for x in (t.ansvarlig_rolle, str(t.ansvarlig_kontakt or t.ansvarlig_navn or "")) if x),
    ),
    ("frist", lambda t: t.frist),
    ("status", lambda t: t.get_status_display()),
]


def timeline_xlsx(plans, language: str) -> bytes:
    """One row per Tiltak: measure, kind, area, responsible, deadline, status."""
    with translation.override(language):
        header = [str(Handlingsplan._meta.verbose_name).capitalize()] + [
            str(Tiltak._meta.get_field(name).verbose_name).capitalize() for name, _get in TIMELINE
        ]
        # One query for every plan's measures; plans in the order given, then by deadline.
        order = {plan.pk: i for i, plan in enumerate(plans)}
        tiltak = Tiltak.objects.filter(plan__in=plans).select_related(
            "plan__skole", "plan__kommune", "ansvarlig_kontakt"
        )
        rows = [
            [str(t.plan), *(get(t) for _name, get in TIMELINE)]
            for t in sorted(tiltak, key=lambda t: (order[t.plan_id], t.frist or date.max, t.pk))
        ]
    return xlsx_bytes(header, rows, sheet="Tiltak")
