from datetime import date

from django.db.models import Count, Max
from django.utils import translation

from core.exports import xlsx_bytes
from core.pdf import render_pdf
from core.reports import data_version
from handlingsplan.models import Handlingsplan, Tiltak


def plan_version(plan: Handlingsplan) -> str:
    tiltak = plan.tiltak.aggregate(n=Count("pk"), last=Max("updated_at"))
    return data_version(plan.pk, plan.updated_at, tiltak["n"], tiltak["last"])


def plan_pdf(object_id: str, language: str, audience: str = "") -> bytes:
    plan = Handlingsplan.objects.select_related("kommune", "skole").get(pk=object_id)
    return render_pdf(
        "handlingsplan/rapport.html",
        {"plan": plan, "tiltak": plan.tiltak.select_related("ansvarlig_kontakt")},
        language=language,
    )


TIMELINE = [
    ("beskrivelse", lambda t: t.beskrivelse),
    ("type", lambda t: t.get_type_display()),
    ("omrade", lambda t: t.get_omrade_display()),
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
