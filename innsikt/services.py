"""Rebuild the summary tables of the national picture (issue 21) from the programmes.

One pass over the data in a handful of queries (values, not model objects: the national
data set has some 3,000 schools, 18,000 risk rows and as many measures), then the tables
are replaced whole in one transaction, so a reader sees the old figures or the new, never
half of each. Run by the periodic job, after the demo's seed and by `manage.py
innsikt_refresh`."""

import time
from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core import versions
from core.audit import audited_create
from evaluering.models import Besvarelse, Evaluering, Svar
from handlingsplan.models import Tiltak, TiltakStatusEndring
from innsikt import eksport
from innsikt.models import Evalueringsgrunnlag, Forskningsuttrekk, Oppfrisking, Programgrunnlag, Skolegrunnlag, Telling
from kommuner.models import Skole
from risikovurdering.models import Risikoforhold, Risikomatrise, Risikovurdering
from veiledning.models import Egenvurdering, Programmal, Samling, StegEndring, Veiledning

SCOPE = "innsikt"  # the generation the national picture's kept pages are keyed by
FOLLOWED_UP = (Veiledning.Steg.OPPFOLGING, Veiledning.Steg.AVSLUTTET)


def _day(value: datetime | None) -> date | None:
    return timezone.localtime(value).date() if value is not None else None


def _month(day: date) -> date:
    return day.replace(day=1)


def _facilitators() -> dict[int, str]:
    """The Kommune of a facilitator among each programme's veiledere (None: Arbeidstilsynet)."""
    through = Veiledning.veiledere.through.objects.filter(user__fasilitator_for__isnull=False)
    return dict(through.values_list("veiledning_id", "user__fasilitator_for"))


def _samling_days() -> dict[tuple[int, str], date]:
    rows = Samling.objects.filter(avlyst=False).values_list("veiledning_id", "type", "start")
    return {(v, t): _day(start) for v, t, start in rows}


def _questions() -> dict[int, int]:
    """The number of Egenvurdering questions in each template (its maximum score is twice that)."""
    return {
        pk: len(innhold.get("egenvurdering", [])) for pk, innhold in Programmal.objects.values_list("pk", "innhold")
    }


def _programmes(today: date) -> tuple[list[Programgrunnlag], dict, dict]:
    """The programme rows, with each programme's oppstart and follow-up day and schools."""
    days = _samling_days()
    facilitators = _facilitators()
    history = defaultdict(list)
    for v, til, at in StegEndring.objects.order_by("at").values_list("veiledning_id", "til", "at"):
        history[v].append([_day(at).isoformat(), til])
    schools = defaultdict(list)
    for v, s in Veiledning.skoler.through.objects.values_list("veiledning_id", "skole_id"):
        schools[v].append(s)
    rows, when = [], {}
    for v in Veiledning.objects.values("pk", "kommune_id", "kommune__fylke", "steg", "created_at"):
        pk = v["pk"]
        start = days.get((pk, Samling.Type.OPPSTART)) or _day(v["created_at"])
        follow_up = days.get((pk, Samling.Type.OPPFOLGING))
        if v["steg"] not in FOLLOWED_UP or follow_up is None or follow_up > today:
            follow_up = today
        when[pk] = (start, follow_up, v["steg"] in FOLLOWED_UP)
        created = [[_day(v["created_at"]).isoformat(), Veiledning.Steg.PLANLAGT]]
        rows.append(
            Programgrunnlag(
                veiledning_id=pk, kommune_id=v["kommune_id"], fylke=v["kommune__fylke"] or "",
                maned=_month(start), steg=v["steg"], kjort_av_id=facilitators.get(pk),
                steg_historikk=created + history[pk],
            )
        )  # fmt: skip
    return rows, when, schools


def _finished_assessments() -> dict[int, list[date]]:
    """The days each school finished a risk assessment (any version, any level but the individual)."""
    found = defaultdict(list)
    rows = Risikovurdering.objects.filter(skole__isnull=False, ferdig_at__isnull=False).exclude(
        niva=Risikovurdering.Niva.INDIVID
    )
    for skole, at in rows.values_list("skole_id", "ferdig_at"):
        found[skole].append(_day(at))
    return found


def _level_of() -> dict[int, list]:
    return {pk: grid for pk, grid in Risikomatrise.objects.values_list("pk", "grid")}


def _risk_counts() -> dict[int, dict]:
    """Per school: {(dimension, value, level): rows} over the rows of its assessments in force
    (the newest version of each; the individual level has no rows)."""
    grids = _level_of()
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    rows = Risikoforhold.objects.filter(vurdering__skole__isnull=False, vurdering__neste__isnull=True).values_list(
        "vurdering__skole_id", "vurdering__matrise_id", "hvor", "nar", "hendelse", "sannsynlighet", "alvorlighet"
    )
    for skole, matrise, hvor, nar, hendelse, s, a in rows:
        grid = grids.get(matrise) or []
        level = grid[s][a] if s is not None and a is not None and s < len(grid) and a < len(grid[s]) else ""
        counts[skole][("rader", "alle", level)] += 1
        for dimension, value in (("hvor", hvor), ("nar", nar), ("hendelse", hendelse)):
            if value:
                counts[skole][(dimension, value, level)] += 1
        if hvor and nar:
            counts[skole][("situasjon", f"{hvor}|{nar}", level)] += 1
    return counts


def _measures(when_by_school: dict[int, date], today: date) -> tuple[dict, dict[int, date]]:
    """Per school: {(dimension, value): [measures, done by the follow-up, overdue]} over its
    plan's measures (not those set aside), and the day its plan got its first measure."""
    done_at = {}
    endringer = TiltakStatusEndring.objects.filter(til=Tiltak.Status.GJENNOMFORT).order_by("at")
    for tiltak, at in endringer.values_list("tiltak_id", "at"):
        done_at[tiltak] = _day(at)
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    first: dict[int, date] = {}
    rows = Tiltak.objects.filter(plan__skole__isnull=False).exclude(status=Tiltak.Status.FORKASTET)
    for pk, skole, omrade, kind, status, frist, created in rows.values_list(
        "pk", "plan__skole_id", "omrade", "type", "status", "frist", "created_at"
    ):
        made = _day(created)
        first[skole] = min(first.get(skole, made), made)
        follow_up = when_by_school.get(skole, today)
        done = status == Tiltak.Status.GJENNOMFORT and (done_at.get(pk) or today) <= follow_up
        overdue = status in Tiltak.OPEN and frist is not None and frist < today
        for key in (("omrade", omrade), ("type", kind)):
            cell = counts[skole][key]
            cell[0] += 1
            cell[1] += done
            cell[2] += overdue
    return counts, first


def _egenvurderinger() -> dict[tuple[int, int, str], dict]:
    """{(programme, school, fase): {question: score}} for finished self-assessments."""
    found = {}
    rows = Egenvurdering.objects.filter(ferdig=True).values_list("veiledning_id", "skole_id", "fase", "svar")
    for v, s, fase, svar in rows:
        found[(v, s, fase)] = {
            key: Egenvurdering.POENG.get(Egenvurdering.svar_av(answer), 0)
            for key, answer in svar.items()
            if isinstance(answer, dict) and Egenvurdering.answered(answer)
        }
    return found


def _evaluations(programmes: dict[int, Programgrunnlag]) -> list[Evalueringsgrunnlag]:
    valid = Besvarelse.objects.filter(status=Besvarelse.Status.GYLDIG)
    answers = dict(valid.values("evaluering_id").annotate(n=Count("pk")).values_list("evaluering_id", "n"))
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for e, verdi in Svar.objects.filter(besvarelse__in=valid, verdi__isnull=False).values_list(
        "besvarelse__evaluering_id", "verdi"
    ):
        sums[e][0] += verdi
        sums[e][1] += 1
    rows = []
    for pk, v, start in Evaluering.objects.values_list("pk", "samling__veiledning_id", "samling__start"):
        if v not in programmes:
            continue
        rows.append(
            Evalueringsgrunnlag(
                evaluering_id=pk, program=programmes[v], maned=_month(_day(start)), besvarelser=answers.get(pk, 0),
                verdisum=sums[pk][0], verdier=sums[pk][1],
            )
        )  # fmt: skip
    return rows


def _school_rows(programmes, when, schools, today) -> tuple[list[Skolegrunnlag], list[tuple[int, dict]]]:
    """The school rows, and each row's counts (by its position, set on the rows once saved)."""
    skoler = {s["pk"]: s for s in Skole.objects.values("pk", "kommune_id", "kommune__fylke", "skoletype")}
    assessed = _finished_assessments()
    follow_up_of_school = {}
    for p in programmes:
        for skole in schools[p.veiledning_id]:
            follow_up_of_school[skole] = max(follow_up_of_school.get(skole, date.min), when[p.veiledning_id][1])
    risks = _risk_counts()
    measures, first_measure = _measures(follow_up_of_school, today)
    egen = _egenvurderinger()
    questions = _questions()
    programmal_of = dict(Veiledning.objects.values_list("pk", "programmal_id"))
    rows, counts = [], []
    for p in programmes:
        start, follow_up, followed = when[p.veiledning_id]
        types: dict[str, int] = defaultdict(int)
        for skole_id in schools[p.veiledning_id]:
            skole = skoler[skole_id]
            types[skole["skoletype"]] += 1
            before = egen.get((p.veiledning_id, skole_id, Egenvurdering.Fase.BASELINE))
            after = egen.get((p.veiledning_id, skole_id, Egenvurdering.Fase.OPPFOLGING))
            days = assessed.get(skole_id, [])
            planned = first_measure.get(skole_id)
            rows.append(
                Skolegrunnlag(
                    program=p, kommune_id=skole["kommune_id"], skole_id=skole_id, fylke=skole["kommune__fylke"] or "",
                    skoletype=skole["skoletype"], maned=p.maned, steg=p.steg, fulgt_opp=followed,
                    vurdering_for=any(d <= start for d in days), vurdering_etter=any(d <= follow_up for d in days),
                    plan_for=planned is not None and planned <= start,
                    plan_etter=planned is not None and planned <= follow_up,
                    egenvurdering_for=before, egenvurdering_etter=after,
                    poeng_for=sum(before.values()) if before is not None else None,
                    poeng_etter=sum(after.values()) if after is not None else None,
                    poeng_maks=2 * questions.get(programmal_of.get(p.veiledning_id), 0),
                )
            )  # fmt: skip
            cells = {key: [n, 0, 0] for key, n in risks.get(skole_id, {}).items()}
            cells.update({(d, v, ""): cell for (d, v), cell in measures.get(skole_id, {}).items()})
            counts.append(cells)
        p.skoletyper = dict(types)
    return rows, counts


@transaction.atomic
def grunnlag_refresh() -> Oppfrisking:
    """Replace the summary tables with figures from the data as it is now."""
    started = time.monotonic()
    today = timezone.localdate()
    programmes, when, schools = _programmes(today)
    rows, counts = _school_rows(programmes, when, schools, today)
    Evalueringsgrunnlag.objects.all().delete()
    Telling.objects.all().delete()
    Skolegrunnlag.objects.all().delete()
    Programgrunnlag.objects.all().delete()
    Programgrunnlag.objects.bulk_create(programmes, batch_size=1000)
    Skolegrunnlag.objects.bulk_create(rows, batch_size=1000)
    Telling.objects.bulk_create(
        (
            Telling(grunnlag=row, dimensjon=d, verdi=v, niva=level, antall=n, gjennomfort=done, forfalt=late)
            for row, cells in zip(rows, counts, strict=True)
            for (d, v, level), (n, done, late) in cells.items()
        ),
        batch_size=2000,
    )
    Evalueringsgrunnlag.objects.bulk_create(_evaluations({p.veiledning_id: p for p in programmes}), batch_size=1000)
    stamp = Oppfrisking.objects.create(at=timezone.now(), sekunder=time.monotonic() - started, skoler=len(rows))
    Oppfrisking.objects.exclude(pk=stamp.pk).delete()
    versions.bump_now_and_at_commit(SCOPE)
    return stamp


@transaction.atomic
def forskningsuttrekk_create(*, by, formal: str) -> tuple[Forskningsuttrekk, bytes, str]:
    """Take the research export; who and why go in its history (issue 21)."""
    data, rows, filename = eksport.zip_bytes()
    uttrekk = audited_create(obj=Forskningsuttrekk(av=by, formal=formal, rader=rows), by=by)
    return uttrekk, data, filename
