"""Who may see and do what with action plans (DESIGN.md §9), in one place."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from handlingsplan.models import Handlingsplan, Tiltak
from kommuner.models import Kommune, Kontakt, Skole
from kommuner.selectors import memberships_for, memberships_of, programme_kommune_ids
from risikovurdering.matrix import risk_level
from risikovurdering.models import Risikoforhold, Risikovurdering


def planer_for(*, user: User) -> QuerySet[Handlingsplan]:
    qs = Handlingsplan.objects.select_related("kommune", "skole")
    if not user.is_authenticated:
        return qs.none()
    if user.is_admin:
        return qs
    if user.is_veileder:
        return qs.filter(kommune__in=programme_kommune_ids(user=user))
    kommune_ids, skole_ids = set(), set()
    for k in memberships_of(user=user):
        (kommune_ids.add(k.kommune_id) if k.skole_id is None else skole_ids.add(k.skole_id))
    school_kommuner = Skole.objects.filter(pk__in=skole_ids).values("kommune")
    return qs.filter(
        Q(kommune__in=kommune_ids) | Q(skole__in=skole_ids) | Q(skole__isnull=True, kommune__in=school_kommuner)
    )


def can_read_content(*, user: User, plan: Handlingsplan) -> bool:
    if user.sees_all:
        return plan.kommune.deler_innhold
    return planer_for(user=user).filter(pk=plan.pk).exists()


def planer_with_content_for(*, user: User) -> QuerySet[Handlingsplan]:
    """The plans whose content the user may read (can_read_content, as a query)."""
    qs = planer_for(user=user)
    return qs.filter(kommune__deler_innhold=True) if user.is_authenticated and user.sees_all else qs


def can_write(*, user: User, plan: Handlingsplan) -> bool:
    for k in memberships_of(user=user):
        if plan.skole_id and k.skole_id == plan.skole_id:
            return True
        if not plan.skole_id and k.kommune_id == plan.kommune_id and k.skole_id is None and k.is_arbeidsgiver:
            return True
    return False


def can_start_for_skole(*, user: User, skole: Skole) -> bool:
    return memberships_for(user=user).filter(skole=skole).exists()


def can_start_for_kommune(*, user: User, kommune: Kommune) -> bool:
    return (
        memberships_for(user=user).filter(kommune=kommune, skole__isnull=True, rolle__in=Kontakt.ARBEIDSGIVER).exists()
    )


def parties_kontakt(*, user: User, plan: Handlingsplan) -> Kontakt | None:
    """The user's Kontakt as one of the parties or BHT of the plan's Kommune."""
    if plan.skole_id:
        return None
    return (
        memberships_for(user=user)
        .filter(kommune=plan.kommune_id, skole__isnull=True, rolle__in=(*Kontakt.PARTENE, Kontakt.Rolle.BHT))
        .first()
    )


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


def kommune_overview(*, kommune: Kommune) -> dict:
    """The Kommune's schools' plans side by side: counts by status, overdue, no plan."""
    skoler = list(kommune.skoler.order_by("navn"))
    plans = {p.skole_id: p for p in Handlingsplan.objects.filter(kommune=kommune)}
    counts = status_counts(plans.values())
    empty = {s: 0 for s in Tiltak.Status.values} | {"forfalt": 0}
    rows = [
        {"skole": s, "plan": plans.get(s.pk), "counts": counts.get(plans[s.pk].pk, empty) if s.pk in plans else None}
        for s in skoler
    ]
    kommune_plan = plans.get(None)
    return {
        "rows": rows,
        "uten_plan": [r["skole"] for r in rows if r["plan"] is None],
        "med_forfalt": [r["skole"] for r in rows if r["counts"] and r["counts"]["forfalt"]],
        "kommune_plan": kommune_plan,
        "kommune_counts": counts.get(kommune_plan.pk, empty) if kommune_plan else None,
    }


def rows_needing_measures(*, plan: Handlingsplan, language: str = "nb") -> list[dict]:
    """Rows above the lowest level in the plan's current assessment(s), with whether
    they have a Tiltak yet. The school's latest assessment; the Kommune's sektor."""
    vurderinger = Risikovurdering.objects.filter(kommune=plan.kommune)
    vurderinger = vurderinger.filter(skole=plan.skole) if plan.skole_id else vurderinger.filter(niva="sektor")
    latest = vurderinger.order_by("-dato", "-versjon").select_related("matrise").first()
    if latest is None:
        return []
    lowest = latest.matrise.nivaer[0]["key"]
    result = []
    for rad in Risikoforhold.objects.filter(vurdering=latest).annotate(n_tiltak=Count("tiltak")):
        niva = risk_level(latest.matrise, rad.sannsynlighet, rad.alvorlighet, language)
        if niva and niva.key != lowest:
            result.append({"rad": rad, "niva": niva, "har_tiltak": rad.n_tiltak > 0})
    return result


def plan_followup(*, veiledning) -> dict:
    """For the Veiledning page: per school the count of Tiltak by status and overdue,
    and the Kommune's own plan. Counts only: no content."""
    overview = kommune_overview(kommune=veiledning.kommune)
    chosen = set(veiledning.skoler.values_list("pk", flat=True))
    return {
        "rows": [r for r in overview["rows"] if r["skole"].pk in chosen],
        "kommune_plan": overview["kommune_plan"],
        "kommune_counts": overview["kommune_counts"],
    }
