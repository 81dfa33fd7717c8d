"""Who may see and do what with action plans (DESIGN.md §9), in one place."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from handlingsplan.models import Handlingsplan, Melding, Statusforesporsel, Statussvar, Tiltak
from kommuner.access import Omrade, Tilgang, kommune_kontakt, q, q_owned, roller, tilgang, tilgang_owned
from kommuner.models import Kommune, Kontakt, Skole
from risikovurdering.matrix import risk_level
from risikovurdering.models import Risikoforhold
from veiledning.models import Oppgavesvar, Programmal
from veiledning.selectors import programmal_of

AREAS = {"skole_omrade": Omrade.PLAN_SKOLE, "kommune_omrade": Omrade.PLAN_KOMMUNE}


def tilgang_til(*, user: User, plan: Handlingsplan) -> Tilgang:
    return tilgang_owned(user, plan, **AREAS)


def _q(user: User, to: str) -> Q:
    return q_owned(user, to=to, **AREAS)


def planer_for(*, user: User) -> QuerySet[Handlingsplan]:
    """Every plan the user may know exists (at least its status and counts)."""
    return Handlingsplan.objects.select_related("kommune", "skole").filter(_q(user, "status"))


def plan_for(*, user: User, pk: int) -> Handlingsplan | None:
    """One plan the user may know exists, or None: by its key, checked by the same table as
    planer_for (cheaper than compiling the whole table as a filter: issue 20)."""
    plan = Handlingsplan.objects.select_related("kommune", "skole").filter(pk=pk).first()
    return plan if plan is not None and tilgang_til(user=user, plan=plan).status else None


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


# --- The owner's view: messages, status requests, the schools' needs -----------------------


def meldinger_for_skole(*, skole: Skole) -> QuerySet[Melding]:
    """The Kommune's messages a school's plan shows: those to this school, and the older
    ones that went to every school."""
    return (
        Melding.objects.filter(kommune=skole.kommune_id)
        .filter(Q(skoler=skole) | Q(skoler__isnull=True))
        .distinct()
        .order_by("-created_at")
    )


def can_see_statusforesporsler(*, user: User, kommune: Kommune) -> bool:
    """The Kommune's side (employer, parties, BHT) and its veileder; a school sees only
    what was sent to it, on its home page."""
    if not tilgang(user, Omrade.PLAN_KOMMUNE, kommune=kommune).status:
        return False
    return user.sees_all or kommune_kontakt(user, kommune.pk) is not None


def statusforesporsler_for(*, user: User, kommune: Kommune) -> list[dict]:
    """The Kommune's status requests, each with its schools and the answers the user may
    read (a school's answer is part of its plan: PLAN_SKOLE content), in a fixed number of
    queries however many schools."""
    if not can_see_statusforesporsler(user=user, kommune=kommune):
        return []
    foresporsler = list(
        Statusforesporsel.objects.filter(kommune=kommune).prefetch_related("skoler").order_by("-created_at")
    )
    readable = Statussvar.objects.filter(foresporsel__in=foresporsler).filter(
        q(user, Omrade.PLAN_SKOLE, to="innhold", kommune="skole__kommune", skole="skole")
    )
    answers = {(a.foresporsel_id, a.skole_id): a for a in readable}
    innhold = tilgang(user, Omrade.PLAN_KOMMUNE, kommune=kommune).innhold  # the question is the Kommune's text
    answered = set(Statussvar.objects.filter(foresporsel__in=foresporsler).values_list("foresporsel_id", "skole_id"))
    out = []
    for f in foresporsler:
        skoler = sorted(f.skoler.all(), key=lambda s: s.navn)
        out.append({
            "foresporsel": f,
            "rader": [
                {"skole": s, "svar": answers.get((f.pk, s.pk)), "besvart": (f.pk, s.pk) in answered}
                for s in skoler
            ],
            "antall_svar": sum((f.pk, s.pk) in answered for s in skoler),
            "innhold": innhold,
        })  # fmt: skip
    return out


def statusforesporsler_til_skole(*, user: User, skole: Skole) -> list[dict]:
    """For a school's home page: the requests sent to it, newest first, with its answer,
    and whether the user may answer (its HMS-gruppe)."""
    if not tilgang(user, Omrade.PLAN_SKOLE, kommune=skole.kommune, skole_id=skole.pk).innhold:
        return []
    foresporsler = list(Statusforesporsel.objects.filter(skoler=skole).order_by("-created_at")[:10])
    answers = {a.foresporsel_id: a for a in Statussvar.objects.filter(foresporsel__in=foresporsler, skole=skole)}
    kan_svare = can_start_for_skole(user=user, skole=skole)
    return [{"foresporsel": f, "svar": answers.get(f.pk), "kan_svare": kan_svare} for f in foresporsler]


BEHOV_KEY = "behov"  # a question of the school's plan task may name itself; else found by its words
BEHOV_WORDS = ("trenger dere fra", "treng de frå")


def behov_index(mal: Programmal) -> int | None:
    """Which guided question of the school's plan task asks what the school needs from the
    Kommune (the seed's "Hva trenger dere fra kommunen?")."""
    task = next((o for o in mal.innhold.get("oppgaver", []) if o.get("key") == "handlingsplan_skole"), None)
    if task is None:
        return None
    for i, sporsmal in enumerate(task.get("sporsmal", [])):
        if sporsmal.get("key") == BEHOV_KEY:
            return i
    for i, sporsmal in enumerate(task.get("sporsmal", [])):
        if any(words in str(text).lower() for text in sporsmal.values() for words in BEHOV_WORDS):
            return i
    return None


def behov_fra_kommunen(*, user: User, kommune: Kommune) -> list[dict]:
    """Every school's answer to "Hva trenger dere fra kommunen?" in one place: from its
    plan and from its group's answer at the seminar, as far as the user may read them.
    The question is found in the template of the Kommune's latest programme."""
    mal = programmal_of(kommune)  # never another Kommune's own copy
    index = behov_index(mal) if mal else None
    if index is None:
        return []
    by_skole: dict[int, dict] = {}
    plans = Handlingsplan.objects.filter(kommune=kommune, skole__isnull=False).select_related("skole")
    for plan in plans.filter(q_owned(user, to="innhold", **AREAS)):
        tekst = (plan.svar or {}).get(str(index), "").strip()
        if tekst:
            by_skole.setdefault(plan.skole_id, {"skole": plan.skole, "tekster": []})["tekster"].append(tekst)
    group_answers = (
        Oppgavesvar.objects.filter(skole__kommune=kommune, oppgave="handlingsplan_skole", sporsmal=index)
        .filter(q(user, Omrade.OPPGAVESVAR, to="innhold", kommune="skole__kommune", skole="skole"))
        .exclude(tekst="")
        .select_related("skole")
    )
    for svar in group_answers:
        entry = by_skole.setdefault(svar.skole_id, {"skole": svar.skole, "tekster": []})
        if svar.tekst.strip() not in entry["tekster"]:
            entry["tekster"].append(svar.tekst.strip())
    return sorted(by_skole.values(), key=lambda e: e["skole"].navn)


def overview_is_for(*, user: User, kommune: Kommune) -> bool:
    """Whether the Kommune's plans overview is where this reader's breadcrumb leads: the
    Kommune's own people and veiledere; a school's HMS-gruppe goes to its own school."""
    return user.sees_all or kommune.pk in roller(user).kommune_roller
