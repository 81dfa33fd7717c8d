"""What the national picture shows (issue 21), read from the summary tables and suppressed
in one place: no figure stands for fewer than MIN_GRUPPE schools or answers. A count that
would reveal a suppressed one by subtraction (the only hidden cell of its row) is hidden
too. Every value reaches the template as its label in the reader's language."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from accounts.models import User
from core.language import content_language
from handlingsplan.models import Tiltak
from innsikt import stats
from innsikt.models import Evalueringsgrunnlag, Forskningsuttrekk, Oppfrisking, Programgrunnlag, Skolegrunnlag, Telling
from kommuner.access import MIN_AGGREGATE, Omrade, tilgang
from kommuner.models import Kommune, Skole
from risikovurdering.models import Risikoforhold, Risikomatrise
from veiledning.models import Veiledning
from veiledning.programmal import standard_innhold, tekst, videregaende_innhold

MIN_GRUPPE = MIN_AGGREGATE  # five schools or answers, as every aggregate of the service
TOPP = 10  # values shown per risk dimension
MAX_MANEDER = 24  # months in the programmes-over-time chart


def innsikt_allowed(*, user: User) -> bool:
    """Arbeidstilsynet's veiledere and admins. Not a facilitator: they run their own
    Kommune's programmes only, and the national picture is everyone's."""
    return user.is_authenticated and user.sees_all and not user.is_fasilitator


def eksport_allowed(*, user: User) -> bool:
    return innsikt_allowed(user=user)


def uttrekk_for(*, user: User) -> QuerySet[Forskningsuttrekk]:
    """The research exports taken, newest first: for those who may take one."""
    if not eksport_allowed(user=user):
        return Forskningsuttrekk.objects.none()
    return Forskningsuttrekk.objects.select_related("av")[:20]


@dataclass(frozen=True)
class Utvalg:
    """The filters: fylke, school type, and the months the programmes started in."""

    fylke: str = ""
    skoletype: str = ""
    fra: date | None = None
    til: date | None = None
    kommune: str = ""  # one Kommune's own schools (its page), by orgnr


def fylker() -> list[str]:
    return list(Kommune.objects.exclude(fylke="").order_by("fylke").values_list("fylke", flat=True).distinct())


def sist_oppfrisket() -> Oppfrisking | None:
    return Oppfrisking.objects.order_by("-at").first()


def _skoler(u: Utvalg) -> QuerySet[Skolegrunnlag]:
    qs = Skolegrunnlag.objects.all()
    if u.kommune:
        qs = qs.filter(kommune=u.kommune)
    if u.fylke:
        qs = qs.filter(fylke=u.fylke)
    if u.skoletype:
        qs = qs.filter(skoletype=u.skoletype)
    if u.fra:
        qs = qs.filter(maned__gte=u.fra)
    if u.til:
        qs = qs.filter(maned__lte=u.til)
    return qs


def _programmer(u: Utvalg, *, period: bool = True) -> list[tuple[Programgrunnlag, int]]:
    """The programmes in the filter, each with its schools (of the school type, if chosen)."""
    qs = Programgrunnlag.objects.select_related("kjort_av", "kommune")
    if u.fylke:
        qs = qs.filter(fylke=u.fylke)
    if period and u.fra:
        qs = qs.filter(maned__gte=u.fra)
    if period and u.til:
        qs = qs.filter(maned__lte=u.til)
    found = []
    for p in qs:
        n = p.skoletyper.get(u.skoletype, 0) if u.skoletype else sum(p.skoletyper.values())
        if n or not u.skoletype:
            found.append((p, n))
    return found


def _shown(schools: int) -> bool:
    return schools >= MIN_GRUPPE


def _hide_complement(cells: list[dict]) -> None:
    """Cells hold {"value", "schools"}; hide those from one to four schools (none is a fact,
    not a group), and when just one is hidden in a row whose total is shown, the smallest
    other too (else the total minus the rest gives it away)."""
    for cell in cells:
        cell["hidden"] = 0 < cell["schools"] < MIN_GRUPPE
    hidden = [c for c in cells if c["hidden"]]
    shown = sorted((c for c in cells if not c["hidden"] and c["schools"]), key=lambda c: c["value"])
    if len(hidden) == 1 and shown:
        shown[0]["hidden"] = True
    for cell in cells:
        if cell["hidden"]:
            cell["value"] = None


# --- Labels ---------------------------------------------------------------------------------


def _nivaer() -> list[tuple[str, str, str]]:
    """The risk levels (key, name, css) of the standard matrix, lowest first."""
    matrise = Risikomatrise.objects.filter(er_standard=True).order_by("-versjon").first()
    language = content_language()
    levels = matrise.nivaer if matrise else []
    return [(n["key"], tekst(n["navn"], language), n["css"]) for n in levels]


def verdi_label(dimensjon: str, verdi: str) -> str:
    if dimensjon == "situasjon":
        hvor, _sep, nar = verdi.partition("|")
        return Risikoforhold.name_of({"hvor": hvor, "nar": nar}, matrise=None)
    choices = {
        "hvor": Risikoforhold.Hvor, "nar": Risikoforhold.Nar, "hendelse": Risikoforhold.Hendelse,
        "omrade": Tiltak.Omrade, "type": Tiltak.Type,
    }[dimensjon]  # fmt: skip
    label = str(choices(verdi).label) if verdi in choices.values else verdi
    return label[:1].upper() + label[1:]


def _sporsmal_tekster() -> dict[str, str]:
    """The Egenvurdering questions by key, from the shipped templates, in the reader's language."""
    language = content_language()
    found = {}
    for innhold in (videregaende_innhold(), standard_innhold()):
        for q in innhold.get("egenvurdering", []):
            found[q["key"]] = tekst(q["tekst"], language)
    return found


# --- The figures ----------------------------------------------------------------------------


def _month_range(u: Utvalg, today: date) -> list[date]:
    end = u.til or today.replace(day=1)
    start = u.fra or _add_months(end, -11)
    start = max(start, _add_months(end, -(MAX_MANEDER - 1)))
    months, month = [], start
    while month <= end:
        months.append(month)
        month = _add_months(month, 1)
    return months


def _add_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _steg_at(history: list, day: date) -> str | None:
    """The step at the end of `day`'s month; None before the programme existed."""
    end = _add_months(day, 1).isoformat()
    found = None
    for at, steg in history:
        if at < end:
            found = steg
    return found


def steg_over_tid(u: Utvalg, today: date) -> dict:
    """Programmes by step at the end of each month; a cell is shown only when the programmes
    in it have at least MIN_GRUPPE schools between them."""
    months = _month_range(u, today)
    steps = [(s.value, str(s.label)) for s in Veiledning.Steg]
    programmes = _programmer(u, period=False)
    rows = []
    for month in months:
        cells = {key: {"value": 0, "schools": 0} for key, _label in steps}
        for p, n in programmes:
            steg = _steg_at(p.steg_historikk, month)
            if steg in cells:
                cells[steg]["value"] += 1
                cells[steg]["schools"] += n
        ordered = [cells[key] for key, _label in steps]
        for cell in ordered:
            cell["hidden"] = cell["value"] > 0 and not _shown(cell["schools"])
            if cell["hidden"]:
                cell["value"] = None
        rows.append({"month": month, "cells": ordered})
    return {"steps": steps, "rows": rows}


def kjort_av(u: Utvalg) -> list[dict]:
    """Who ran the programmes: Arbeidstilsynet or a Kommune's facilitator."""
    by: dict = defaultdict(lambda: {"programmes": 0, "schools": 0})
    for p, n in _programmer(u):
        name = p.kjort_av.navn if p.kjort_av_id else _("Arbeidstilsynet")
        by[(p.kjort_av_id is not None, name)]["programmes"] += 1
        by[(p.kjort_av_id is not None, name)]["schools"] += n
    rows = [
        {"name": name, "facilitator": fac, **v, "hidden": not _shown(v["schools"])} for (fac, name), v in by.items()
    ]
    return sorted(rows, key=lambda r: (r["facilitator"], r["name"]))


def programmer(u: Utvalg) -> list[dict]:
    """Each programme in the filter: whose, when it started, its step, who ran it. No figure
    about schools, so nothing to suppress."""
    rows = [
        {"kommune": p.kommune.navn, "month": p.maned, "steg": str(Veiledning.Steg(p.steg).label),
         "kjort_av": p.kjort_av.navn if p.kjort_av_id else None}
        for p, _n in _programmer(u)
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (r["month"], r["kommune"]), reverse=True)


def _tellinger(u: Utvalg, dimensjoner) -> QuerySet[Telling]:
    qs = Telling.objects.filter(dimensjon__in=dimensjoner)
    return qs if u == Utvalg() else qs.filter(grunnlag__in=_skoler(u))  # the whole nation: no join to filter by


def risiko(u: Utvalg, dimensjoner: tuple[str, ...]) -> list[dict]:
    """The most frequent values of each risk dimension, with their rows per level: two
    queries for all of them (rows and schools per value and level, and per value)."""
    qs = _tellinger(u, dimensjoner)
    totals: dict = defaultdict(dict)
    for r in qs.values("dimensjon", "verdi").annotate(rows=Sum("antall"), schools=Count("grunnlag", distinct=True)):
        totals[r["dimensjon"]][r["verdi"]] = r
    by_level: dict = defaultdict(dict)
    # One row per school, dimension, value and level (innsikt.services): counting rows counts schools.
    for r in qs.values("dimensjon", "verdi", "niva").annotate(rows=Sum("antall"), schools=Count("pk")):
        by_level[(r["dimensjon"], r["verdi"])][r["niva"]] = r
    levels = _nivaer()
    return [_risiko_of(d, totals[d], by_level, levels) for d in dimensjoner]


def _risiko_of(dimensjon: str, totals: dict, by_level: dict, levels: list) -> dict:
    ranked = sorted((t for t in totals.values() if _shown(t["schools"])), key=lambda t: (-t["rows"], t["verdi"]))
    rows = []
    for t in ranked[:TOPP]:
        found = by_level[(dimensjon, t["verdi"])]
        cells = [
            {"value": found.get(key, {}).get("rows", 0), "schools": found.get(key, {}).get("schools", 0)}
            for key, _name, _css in levels
        ]
        unrated = found.get("", {"rows": 0, "schools": 0})
        cells.append({"value": unrated["rows"], "schools": unrated["schools"]})
        _hide_complement(cells)
        for cell, (name, _css) in zip(cells, [*((n, c) for _k, n, c in levels), (_("ikke vurdert"), "")], strict=True):
            cell["label"] = name  # the column's name beside the figure on a phone
        rows.append({"label": verdi_label(dimensjon, t["verdi"]), "rows": t["rows"], "schools": t["schools"],
                     "cells": cells})  # fmt: skip
    return {
        "dimensjon": dimensjon,
        "title": str(Telling.Dimensjon(dimensjon).label),
        "levels": [*((name, css) for _key, name, css in levels), (_("ikke vurdert"), "risk-none")],
        "rows": rows,
        "hidden": sum(1 for t in totals.values() if not _shown(t["schools"])),
    }


def tiltak(u: Utvalg, dimensjon: str) -> dict:
    """Measures by area or by type: how many, the share done by the follow-up, the share overdue."""
    qs = _tellinger(u, [dimensjon])
    found = qs.values("verdi").annotate(  # a measure's rows have no level: one per school and value
        n=Sum("antall"), done=Sum("gjennomfort"), late=Sum("forfalt"), schools=Count("pk")
    )
    followed = qs.filter(grunnlag__fulgt_opp=True).values("verdi").annotate(n=Sum("antall"), done=Sum("gjennomfort"))
    done_by_follow_up = {r["verdi"]: (r["n"], r["done"]) for r in followed}
    order = {"omrade": Tiltak.Omrade.values, "type": Tiltak.Type.values}[dimensjon]
    rows = []
    for r in sorted(found, key=lambda r: order.index(r["verdi"]) if r["verdi"] in order else 99):
        followed = done_by_follow_up.get(r["verdi"], (0, 0))
        rows.append({
            "label": verdi_label(dimensjon, r["verdi"]), "n": r["n"], "schools": r["schools"],
            "hidden": not _shown(r["schools"]),
            "done": _share(followed[1], followed[0]), "late": _share(r["late"], r["n"]),
        })  # fmt: skip
    for row in rows:
        if row["hidden"]:
            row.update(n=None, done=None, late=None)
    return {"dimensjon": dimensjon, "title": str(Telling.Dimensjon(dimensjon).label), "rows": rows}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def egenvurdering(u: Utvalg) -> list[dict]:
    """The mean score per question (0–2) at oppstart and at follow-up."""
    texts = _sporsmal_tekster()
    sums: dict = defaultdict(lambda: {"for": [0, 0], "etter": [0, 0]})
    rows = _skoler(u).filter(Q(egenvurdering_for__isnull=False) | Q(egenvurdering_etter__isnull=False))
    for before, after in rows.values_list("egenvurdering_for", "egenvurdering_etter"):
        for fase, answers in (("for", before), ("etter", after)):
            for key, score in (answers or {}).items():
                sums[key][fase][0] += score
                sums[key][fase][1] += 1
    found = []
    for key, by in sums.items():
        row = {"key": key, "label": texts.get(key, key)}
        for fase in ("for", "etter"):
            total, n = by[fase]
            row[fase] = {"n": n, "mean": total / n if _shown(n) else None, "hidden": not _shown(n)}
        found.append(row)
    order = list(texts)
    return sorted(found, key=lambda r: order.index(r["key"]) if r["key"] in order else 99)


def evaluering_trend(u: Utvalg) -> list[dict]:
    """The evaluation's mean (1–5) per month of the seminars, over valid answers."""
    programmes = Programgrunnlag.objects.filter(fylke=u.fylke) if u.fylke else Programgrunnlag.objects.all()
    if u.skoletype:  # programmes with schools of the type (only types with schools are stored)
        programmes = programmes.filter(skoletyper__has_key=u.skoletype)
    qs = Evalueringsgrunnlag.objects.filter(program__in=programmes.values("pk"))  # one query, not the rows
    if u.fra:
        qs = qs.filter(maned__gte=u.fra)
    if u.til:
        qs = qs.filter(maned__lte=u.til)
    found = qs.values("maned").annotate(answers=Sum("besvarelser"), total=Sum("verdisum"), values=Sum("verdier"))
    rows = []
    for r in found.order_by("maned"):
        if not r["answers"]:
            continue  # a seminar nobody has answered yet: no month to show
        shown = _shown(r["answers"])
        rows.append({
            "month": r["maned"], "answers": r["answers"] if shown else None,
            "mean": r["total"] / r["values"] if shown and r["values"] else None, "hidden": not shown,
        })  # fmt: skip
    return rows


def effekt(u: Utvalg) -> dict:
    """The programme's effect nationally (in the filter) and per Kommune: the change in the
    Egenvurdering score from oppstart to follow-up for the same schools, and the share with a
    finished risk assessment and an action plan before and after (programmes followed up)."""
    followed = _skoler(u).filter(fulgt_opp=True)
    rows = list(
        followed.values_list(
            "kommune_id", "poeng_for", "poeng_etter", "poeng_maks", "vurdering_for", "vurdering_etter",
            "plan_for", "plan_etter",
        )
    )  # fmt: skip
    nationally = _effect_of(rows)
    by_kommune = defaultdict(list)
    for row in rows:
        by_kommune[row[0]].append(row)
    names = dict(Kommune.objects.filter(orgnr__in=by_kommune).values_list("orgnr", "navn"))
    kommuner = []
    for orgnr, own in by_kommune.items():
        result = _effect_of(own)
        if result["shown"]:
            kommuner.append({"navn": names.get(orgnr, orgnr), **result})
    return {"national": nationally, "kommuner": sorted(kommuner, key=lambda k: k["navn"])}


def effekt_for_kommune(*, user: User, kommune: Kommune) -> dict | None:
    """The programme's effect at one Kommune's schools, for its page: for those who may see
    its schools' Egenvurdering status (its own people and its veileder), and only where five
    or more of its schools have been followed up. None otherwise."""
    if not tilgang(user, Omrade.EGENVURDERING, kommune=kommune).status:
        return None
    result = effekt(Utvalg(kommune=kommune.pk))["national"]
    return result if result["shown"] else None


def _effect_of(rows: list[tuple]) -> dict:
    pairs = [(r[1], r[2]) for r in rows if r[1] is not None and r[2] is not None]
    maks = max((r[3] for r in rows), default=0)
    score = stats.paired_change(pairs) if _shown(len(pairs)) else None
    assessment = stats.paired_share_change([(r[4], r[5]) for r in rows]) if _shown(len(rows)) else None
    plan = stats.paired_share_change([(r[6], r[7]) for r in rows]) if _shown(len(rows)) else None
    share = (lambda i: sum(1 for r in rows if r[i]) / len(rows)) if _shown(len(rows)) else (lambda i: None)
    return {
        "shown": score is not None or assessment is not None,
        "schools": len(rows), "pairs": len(pairs), "maks": maks, "score": score,
        "assessment": assessment, "plan": plan,
        "assessment_before": share(4), "assessment_after": share(5), "plan_before": share(6), "plan_after": share(7),
    }  # fmt: skip


def skoletype_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Skole.Skoletype.choices]
