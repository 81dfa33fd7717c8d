"""Who may see and do what with action plans (DESIGN.md §9), in one place."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from handlingsplan.models import Handlingsplan, Tiltak
from kommuner.access import Omrade, Tilgang, kommune_kontakt, q_owned, roller, tilgang, tilgang_owned
from kommuner.models import Kommune, Kontakt, Skole
from risikovurdering.matrix import risk_level
from risikovurdering.models import Risikoforhold

AREAS = {"skole_omrade": Omrade.PLAN_SKOLE, "kommune_omrade": Omrade.PLAN_KOMMUNE}


def tilgang_til(*, user: User, plan: Handlingsplan) -> Tilgang:
    return tilgang_owned(user, plan, **AREAS)


def _q(user: User, to: str) -> Q:
    return q_owned(user, to=to, **AREAS)


def planer_for(*, user: User) -> QuerySet[Handlingsplan]:
    """Every plan the user may know exists (at least its status and counts)."""
    return Handlingsplan.objects.select_related("kommune", "skole").filter(_q(user, "status"))


def can_read_content(*, user: User, plan: Handlingsplan) -> bool:
    return tilgang_til(user=user, plan=plan).innhold


def planer_with_content_for(*, user: User) -> QuerySet[Handlingsplan]:
    """The plans whose content the user may read (can_read_content, as a query)."""
    return Handlingsplan.objects.select_related("kommune", "skole").filter(_q(user, "innhold"))


def can_write(*, user: User, plan: Handlingsplan) -> bool:
    return tilgang_til(user=user, plan=plan).skrive


def can_start_for_skole(*, user: User, skole: Skole) -> bool:
    return tilgang(user, Omrade.PLAN_SKOLE, kommune=skole.kommune, skole_id=skole.pk).skrive


def can_start_for_kommune(*, user: User, kommune: Kommune) -> bool:
    return tilgang(user, Omrade.PLAN_KOMMUNE, kommune=kommune).skrive


def parties_kontakt(*, user: User, plan: Handlingsplan) -> Kontakt | None:
    """The user's Kontakt as one of the parties or BHT of the plan's Kommune: they
    comment and confirm medvirkning."""
    if plan.skole_id or not tilgang_til(user=user, plan=plan).kommentere:
        return None
    return kommune_kontakt(user, plan.kommune_id, roller=(*Kontakt.PARTENE, Kontakt.Rolle.BHT))


def status_counts(plans) -> dict[int, dict]:
    """{plan_id: {status: n, "forfalt": n}} in one query."""
    today = timezone.localdate()
    rows = (
        Tiltak.objects.filter(plan__in=plans)
        .values("plan_id", "status")
        .annotate(n=Count("pk"), forfalt=Count("pk", filter=Q(status__in=Tiltak.OPEN, frist__lt=today)))
    )
    counts: dict[int, dict] = {}
    for row in rows:
        entry = counts.setdefault(row["plan_id"], {s: 0 for s in Tiltak.Status.values} | {"forfalt": 0})
        entry[row["status"]] += row["n"]
        entry["forfalt"] += row["forfalt"]
    return counts


def kommune_overview(*, user: User, kommune: Kommune, skoler=None) -> dict:
    """The Kommune's schools' plans side by side, as far as the user may see them: counts
    by status, overdue, no plan; `innhold` says whether the plan itself may be opened."""
    skoler = list((skoler if skoler is not None else kommune.skoler.all()).order_by("navn"))
    skoler = [s for s in skoler if tilgang(user, Omrade.PLAN_SKOLE, kommune=kommune, skole_id=s.pk).status]
    plans = {p.skole_id: p for p in Handlingsplan.objects.filter(kommune=kommune)}
    kommune_tilgang = tilgang(user, Omrade.PLAN_KOMMUNE, kommune=kommune)
    if not kommune_tilgang.status:
        plans.pop(None, None)
    counts = status_counts(plans.values())
    empty = {s: 0 for s in Tiltak.Status.values} | {"forfalt": 0}
    rows = []
    for s in skoler:
        plan = plans.get(s.pk)
        rows.append({
            "skole": s,
            "plan": plan,
            "counts": counts.get(plan.pk, empty) if plan else None,
            "innhold": bool(plan) and tilgang(user, Omrade.PLAN_SKOLE, kommune=kommune, skole_id=s.pk).innhold,
        })  # fmt: skip
    kommune_plan = plans.get(None)
    return {
        "rows": rows,
        "uten_plan": [r["skole"] for r in rows if r["plan"] is None],
        "med_forfalt": [r["skole"] for r in rows if r["counts"] and r["counts"]["forfalt"]],
        "kommune_plan": kommune_plan,
        "kommune_plan_innhold": bool(kommune_plan) and kommune_tilgang.innhold,
        "kommune_counts": counts.get(kommune_plan.pk, empty) if kommune_plan else None,
    }


def linkable_rows(*, plan: Handlingsplan) -> QuerySet[Risikoforhold]:
    """The risk rows a Tiltak in this plan may answer: a school's plan its own school's
    rows, the Kommune's plan its sektor assessment's; of each assessment the current
    version only (a review's copies carry the measures on, DESIGN.md §4). One answer for
    the form, the service and the admin."""
    rows = Risikoforhold.objects.filter(vurdering__kommune=plan.kommune_id, vurdering__neste__isnull=True)
    rows = rows.select_related("vurdering__matrise").order_by("vurdering__dato", "vurdering_id", "pk")
    return rows.filter(vurdering__skole=plan.skole_id) if plan.skole_id else rows.filter(vurdering__niva="sektor")


def rows_needing_measures(*, plan: Handlingsplan, language: str = "nb") -> list[dict]:
    """Rows above the lowest level in the plan's current assessment(s), with whether
    they have a Tiltak yet: the current version of each of the school's assessments
    (or the Kommune's sektor assessment)."""
    result = []
    for rad in linkable_rows(plan=plan).annotate(n_tiltak=Count("tiltak")):
        matrise = rad.vurdering.matrise
        niva = risk_level(matrise, rad.sannsynlighet, rad.alvorlighet, language)
        if niva and niva.key != matrise.nivaer[0]["key"]:
            result.append({"rad": rad, "niva": niva, "har_tiltak": rad.n_tiltak > 0})
    return result


def plan_followup(*, user: User, veiledning) -> dict:
    """For the Veiledning page: per school the count of Tiltak by status and overdue,
    and the Kommune's own plan, as far as the user may see them. Counts only."""
    return kommune_overview(user=user, kommune=veiledning.kommune, skoler=veiledning.skoler.all())


def tiltak_overdue(*, skole: Skole, today=None) -> QuerySet[Tiltak]:
    """The school's open measures past their deadline (for the weekly digest)."""
    today = today or timezone.localdate()
    return Tiltak.objects.filter(plan__skole=skole, status__in=Tiltak.OPEN, frist__lt=today).order_by("frist")


def overview_is_for(*, user: User, kommune: Kommune) -> bool:
    """Whether the Kommune's plans overview is where this reader's breadcrumb leads: the
    Kommune's own people and veiledere; a school's HMS-gruppe goes to its own school."""
    return user.sees_all or kommune.pk in roller(user).kommune_roller
