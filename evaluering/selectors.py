"""Who sees which evaluation results (DESIGN.md §9), and the results themselves."""

from collections import Counter, defaultdict

from django.db.models import QuerySet

from accounts.models import User
from evaluering.models import Evaluering, Svar
from kommuner.selectors import kommune_member_ids, programme_kommune_ids
from veiledning.programmal import tekst

MIN_FOR_AGGREGATES = 5


def evalueringer_for(*, user: User) -> QuerySet[Evaluering]:
    """Veiledere: their programmes' (admins all). Kommune roles: their own Kommune's,
    as aggregates. The HMS-gruppe and deltakere see no results."""
    qs = Evaluering.objects.select_related("samling__veiledning__kommune")
    if not user.is_authenticated:
        return qs.none()
    if user.is_admin:
        return qs
    if user.is_veileder:
        return qs.filter(samling__veiledning__kommune__in=programme_kommune_ids(user=user))
    return qs.filter(samling__veiledning__kommune__in=kommune_member_ids(user=user))


def sees_free_text(*, user: User) -> bool:
    return user.sees_all


def results(evaluering: Evaluering, language: str) -> dict:
    """Distributions, means, the breakdown by role and the free text. Two queries."""
    besvarelser = list(evaluering.besvarelser.values("pk", "rolle"))
    rolle_of = {b["pk"]: b["rolle"] for b in besvarelser}
    svar = list(
        Svar.objects.filter(besvarelse__evaluering=evaluering).values("besvarelse_id", "sporsmal", "verdi", "tekst")
    )
    registered = evaluering.samling.deltakere.count()
    role_question = next((q for q in evaluering.sporsmal if q["type"] == "rolle"), None)
    role_labels = {v["key"]: tekst(v["label"], language) for v in (role_question or {}).get("valg", [])}
    likert, fritekst = [], []
    for q in evaluering.sporsmal:
        answers = [s for s in svar if s["sporsmal"] == q["key"]]
        if q["type"] == "likert":
            values = [s["verdi"] for s in answers if s["verdi"]]
            counts = Counter(values)
            by_role = defaultdict(list)
            for s in answers:
                if s["verdi"]:
                    by_role[rolle_of.get(s["besvarelse_id"], "")].append(s["verdi"])
            likert.append({
                "key": q["key"],
                "tekst": tekst(q["tekst"], language),
                "n": len(values),
                "mean": round(sum(values) / len(values), 2) if values else None,
                "distribution": [{"value": v, "count": counts.get(v, 0)} for v in range(1, 6)],
                "max": max(counts.values(), default=0),
                "by_role": [
                    {"rolle": role_labels.get(r, r or "–"), "n": len(v), "mean": round(sum(v) / len(v), 2)}
                    for r, v in sorted(by_role.items())
                ],
            })  # fmt: skip
        elif q["type"] == "fritekst":
            fritekst.append({"tekst": tekst(q["tekst"], language), "svar": [s["tekst"] for s in answers if s["tekst"]]})
    roles = Counter(b["rolle"] for b in besvarelser)
    return {
        "responses": len(besvarelser),
        "registered": registered,
        "rate": round(100 * len(besvarelser) / registered) if registered else None,
        "likert": likert,
        "fritekst": fritekst,
        "roles": [(role_labels.get(r, r or "–"), n) for r, n in sorted(roles.items())],
        "ender": {k: tekst(v, language) for k, v in evaluering.likert_ender.items()},
        "enough": len(besvarelser) >= MIN_FOR_AGGREGATES,
    }


def trend_for(*, user: User, language: str) -> list[dict]:
    """Each Likert question's mean across all seminars the veileder can see."""
    rows = defaultdict(list)
    labels = {}
    evalueringer = list(evalueringer_for(user=user).order_by("apner_at"))
    means = defaultdict(dict)
    for row in Svar.objects.filter(besvarelse__evaluering__in=evalueringer, verdi__isnull=False).values(
        "besvarelse__evaluering_id", "sporsmal", "verdi"
    ):
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
