"""Who sees which evaluation results (DESIGN.md §9), and the results themselves."""

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMinute
from django.utils import timezone

from accounts.models import User
from core import versions
from core.privacy import findings
from evaluering.models import Besvarelse, Evaluering, Svar
from kommuner import access
from kommuner.access import MIN_AGGREGATE, Omrade, tilgang
from veiledning.programmal import tekst

MIN_FOR_AGGREGATES = MIN_AGGREGATE
KOMMUNE = "samling__veiledning__kommune"
OPEN_FOR = timedelta(days=7)  # the default window: a week from the seminar day
# A burst: more new answers in one minute than this, or than the people registered.
BURST_MIN = 15


def evaluering_by_token(token: str) -> Evaluering | None:
    """The evaluation a QR code opens (no login: the token is the key), with its meeting and
    Kommune, from the cache under the generations of evaluations, programmes and Kommuner:
    a phone in a seminar room asks for it with every open and every answer (issue 20)."""
    found = Evaluering.objects.select_related("samling__veiledning__kommune").filter(token=token).first
    return versions.kept(f"evaluering-token:{token}", ("evaluering", "veiledning", "kommuner"), found)


def is_open(evaluering: Evaluering, now: datetime | None = None) -> bool:
    """Whether answers are taken now: inside the window, and the seminar not cancelled."""
    now = now or timezone.now()
    return evaluering.apner_at <= now < evaluering.lukker_at and not evaluering.samling.avlyst


def not_yet_open(evaluering: Evaluering, now: datetime | None = None) -> bool:
    """Before the opening (and the seminar not cancelled): "opens at …", not "closed"."""
    now = now or timezone.now()
    return now < evaluering.apner_at and not evaluering.samling.avlyst


def evalueringer_for(*, user: User) -> QuerySet[Evaluering]:
    """Veiledere: their programmes' (admins all). Kommune roles: their own Kommune's,
    as aggregates. The HMS-gruppe and deltakere see no results."""
    return Evaluering.objects.select_related("samling__veiledning__kommune").filter(
        access.q(user, Omrade.EVALUERING, kommune=KOMMUNE)
    )


def sees_free_text(*, user: User, evaluering: Evaluering) -> bool:
    return tilgang(user, Omrade.EVALUERING, kommune=evaluering.samling.veiledning.kommune).innhold


def audience_for(*, user: User, evaluering: Evaluering) -> str:
    """Who a result is rendered for: "full" (every answer and the free text) or
    "aggregat" (groups of at least five, no free text). Cached reports are keyed by it."""
    return FULL if sees_free_text(user=user, evaluering=evaluering) else AGGREGAT


FULL, AGGREGAT = "full", "aggregat"


def results_for(*, user: User, evaluering: Evaluering, language: str) -> dict:
    return results(evaluering, language, audience=audience_for(user=user, evaluering=evaluering))


def _enough(n: int) -> bool:
    return n >= MIN_FOR_AGGREGATES


def results_shown(evaluering: Evaluering, *, audience: str) -> bool:
    """Whether this audience sees any result: every answer, or at least five in all."""
    return audience == FULL or _enough(evaluering.besvarelser.filter(status=Besvarelse.Status.GYLDIG).count())


def results(evaluering: Evaluering, language: str, *, audience: str) -> dict:
    """Distributions, means, the breakdown by role and the free text, from the answers
    in the reports (not kept out, not voided); the rate against those who came.
    For the "aggregat" audience every group shown (the total, each question, each role)
    has at least five answers, and the free text is left out: here, not in a template."""
    full = audience == FULL
    statuses = Counter(evaluering.besvarelser.values_list("status", flat=True))
    besvarelser = list(evaluering.besvarelser.filter(status=Besvarelse.Status.GYLDIG).values("pk", "rolle"))
    rolle_of = {b["pk"]: b["rolle"] for b in besvarelser}
    svar = list(
        Svar.objects.filter(besvarelse__evaluering=evaluering, besvarelse__status=Besvarelse.Status.GYLDIG).values(
            "besvarelse_id", "sporsmal", "verdi", "tekst", "bekreftet"
        )
    )
    people = evaluering.samling.deltakere.aggregate(registered=Count("pk"), attended=Count("pk", filter=_attended))
    registered, attended = people["registered"], people["attended"]
    counted = len(besvarelser) + statuses[Besvarelse.Status.UTELATT]  # real answers, some kept out of reports
    held_back = 0
    role_question = next((q for q in evaluering.sporsmal if q["type"] == "rolle"), None)
    role_labels = {v["key"]: tekst(v["label"], language) for v in (role_question or {}).get("valg", [])}
    shown = full or _enough(len(besvarelser))
    likert, fritekst, skjult = [], [], False
    for q in evaluering.sporsmal if shown else []:
        answers = [s for s in svar if s["sporsmal"] == q["key"]]
        if q["type"] == "likert":
            values = [s["verdi"] for s in answers if s["verdi"]]
            if not (full or _enough(len(values))):
                skjult = True
                continue
            counts = Counter(values)
            by_role = defaultdict(list)
            for s in answers:
                if s["verdi"]:
                    by_role[rolle_of.get(s["besvarelse_id"], "")].append(s["verdi"])
            groups = [(r, v) for r, v in sorted(by_role.items()) if full or _enough(len(v))]
            skjult = skjult or len(groups) < len(by_role)
            likert.append({
                "key": q["key"],
                "tekst": tekst(q["tekst"], language),
                "n": len(values),
                "mean": round(sum(values) / len(values), 2) if values else None,
                "distribution": [{"value": v, "count": counts.get(v, 0)} for v in range(1, 6)],
                "max": max(counts.values(), default=0),
                "by_role": [
                    {"rolle": role_labels.get(r, r or "–"), "n": len(v), "mean": round(sum(v) / len(v), 2)}
                    for r, v in groups
                ],
            })  # fmt: skip
        elif q["type"] == "fritekst" and full:
            texts = [s["tekst"] for s in answers if s["tekst"] and text_shown(s["tekst"], s["bekreftet"])]
            held_back += sum(1 for s in answers if s["tekst"]) - len(texts)
            fritekst.append({"tekst": tekst(q["tekst"], language), "svar": texts})
    roles = Counter(b["rolle"] for b in besvarelser) if shown else Counter()
    role_groups = [(r, n) for r, n in sorted(roles.items()) if full or _enough(n)]
    return {
        "responses": counted,
        "registered": registered,
        "attended": attended,
        "rate": round(100 * counted / attended) if attended else None,
        "utelatt": statuses[Besvarelse.Status.UTELATT],
        "forkastet": statuses[Besvarelse.Status.FORKASTET] if full else 0,
        "held_back": held_back,
        "likert": likert,
        "fritekst": fritekst,
        "roles": [(role_labels.get(r, r or "–"), n) for r, n in role_groups],
        "ender": {k: tekst(v, language) for k, v in evaluering.likert_ender.items()},
        "enough": shown,
        "full": full,
        "skjult": skjult or len(role_groups) < len(roles),
    }


_attended = Q(oppmott=True)


def text_shown(tekst: str, bekreftet: bool) -> bool:
    """A free-text answer reaches results, PDF and CSV only when the privacy guard finds
    nothing in it, or its writer confirmed that it identifies nobody."""
    return bekreftet or not findings(tekst)


def bursts(evaluering: Evaluering) -> list[dict]:
    """Minutes in which more answers arrived than a room holds (more than BURST_MIN and
    more than the people registered): a script, not a seminar. Voided ones not counted."""
    registered = evaluering.samling.deltakere.count()
    limit = max(BURST_MIN, registered)
    rows = (
        evaluering.besvarelser.exclude(status=Besvarelse.Status.FORKASTET)
        .annotate(minutt=TruncMinute("created_at"))
        .values("minutt")
        .annotate(n=Count("pk"))
        .filter(n__gt=limit)
        .order_by("minutt")
    )
    return [{"minutt": r["minutt"], "n": r["n"]} for r in rows]


def besvarelser_in_minute(evaluering: Evaluering, minute: datetime) -> list[int]:
    """The answers (not yet voided) that arrived in this minute of a burst."""
    return list(
        evaluering.besvarelser.exclude(status=Besvarelse.Status.FORKASTET)
        .filter(created_at__gte=minute, created_at__lt=minute + timedelta(minutes=1))
        .values_list("pk", flat=True)
    )


def besvarelser_list(evaluering: Evaluering, language: str) -> list[dict]:
    """Every answer, newest first, for the veileder who reads them all: when, role, status
    and the free text (a flagged text the writer did not confirm stays hidden)."""
    role_question = next((q for q in evaluering.sporsmal if q["type"] == "rolle"), None)
    role_labels = {v["key"]: tekst(v["label"], language) for v in (role_question or {}).get("valg", [])}
    burst_minutes = {b["minutt"] for b in bursts(evaluering)}
    rows = []
    for b in (
        evaluering.besvarelser.annotate(minutt=TruncMinute("created_at"))
        .prefetch_related("svar")
        .order_by("-created_at", "-pk")
    ):
        texts, held = [], 0
        for s in b.svar.all():
            if s.tekst:
                if text_shown(s.tekst, s.bekreftet):
                    texts.append(s.tekst)
                else:
                    held += 1
        rows.append({
            "besvarelse": b,
            "rolle": role_labels.get(b.rolle, b.rolle or "–"),
            "likert": [s.verdi for s in b.svar.all() if s.verdi is not None],
            "texts": texts,
            "held": held,
            "burst": b.minutt in burst_minutes,
        })  # fmt: skip
    return rows


def trend_for(*, user: User, language: str) -> list[dict]:
    """Each Likert question's mean across all seminars the veileder can see."""
    rows = defaultdict(list)
    labels = {}
    evalueringer = list(evalueringer_for(user=user).order_by("apner_at"))
    means = defaultdict(dict)
    for row in Svar.objects.filter(
        besvarelse__evaluering__in=evalueringer, besvarelse__status=Besvarelse.Status.GYLDIG, verdi__isnull=False
    ).values("besvarelse__evaluering_id", "sporsmal", "verdi"):
        rows[(row["besvarelse__evaluering_id"], row["sporsmal"])].append(row["verdi"])
    for (ev, key), values in rows.items():
        means[key][ev] = round(sum(values) / len(values), 2)
    for ev in evalueringer:
        for q in ev.sporsmal:
            if q["type"] == "likert":
                labels.setdefault(q["key"], tekst(q["tekst"], language))
    return [
        {
            "tekst": labels[key],
            "points": [{"evaluering": ev, "mean": means[key].get(ev.pk)} for ev in evalueringer],
        }
        for key in labels
    ]
