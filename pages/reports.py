"""The closing report of a Veiledning: its Samlinger and steps, each school's attendance
and Egenvurdering, and the seminar's evaluation. It combines veiledning and evaluering,
so it lives here, above both (DESIGN.md §10).

What it shows depends on the reader. A report renders in a job that knows no user, so the
reader's scope is written out as the report's audience: `Scope.key()`, e.g.
"aggregat:*:*" (the evaluation as aggregates, every school's attendance and Egenvurdering)
or "-:12:12" (no evaluation, school 12 only). The builder makes the report from that and
nothing else, so two readers who see the same share one PDF, and a PDF made for a wider
scope is under another key. "*" stands for every school of the Veiledning; the data
version holds the schools' ids, so a PDF made after a school was added is never served
under a version from before."""

from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils.translation import override

from accounts.models import User
from core.pdf import render_pdf
from core.reports import data_version
from evaluering import reports as evaluering_reports
from evaluering.models import Evaluering
from evaluering.reports import charts
from evaluering.selectors import AGGREGAT, FULL, audience_for, evalueringer_for, results
from veiledning.models import Egenvurdering, Samling, Veiledning
from veiledning.selectors import (
    egenvurdering_endring_for,
    egenvurdering_readable_ids,
    egenvurdering_skole_ids,
    skoler_in,
)

EVERY, NONE = "*", "-"


@dataclass(frozen=True)
class Scope:
    """What one reader of the closing report sees."""

    evaluering: str  # the evaluation's audience (FULL or AGGREGAT), or "" where it is not shown
    skoler: frozenset[int] | None  # attendance of these schools; None: every school of the Veiledning
    egenvurdering: frozenset[int] | None  # the Egenvurdering of these; None: every school's

    def key(self) -> str:
        return ":".join((self.evaluering or NONE, _ids_key(self.skoler), _ids_key(self.egenvurdering)))

    @classmethod
    def parse(cls, key: str) -> "Scope":
        evaluering, skoler, egenvurdering = key.split(":")
        if evaluering not in (FULL, AGGREGAT, NONE):
            raise ValueError(f"unknown evaluation audience: {evaluering!r}")
        return cls("" if evaluering == NONE else evaluering, _parse_ids(skoler), _parse_ids(egenvurdering))


def _ids_key(ids: frozenset[int] | None) -> str:
    if ids is None:
        return EVERY
    return ",".join(str(pk) for pk in sorted(ids)) or NONE


def _parse_ids(text: str) -> frozenset[int] | None:
    if text == EVERY:
        return None
    return frozenset() if text == NONE else frozenset(int(pk) for pk in text.split(","))


def _every_or(ids: set[int], every: set[int]) -> frozenset[int] | None:
    return None if ids == every else frozenset(ids)


def scope_for(*, user: User, veiledning: Veiledning) -> Scope:
    """The user's scope, from the selectors that decide it for the pages."""
    seminar = veiledning.samling(Samling.Type.SEMINAR)
    evaluering = evalueringer_for(user=user).filter(samling=seminar).first() if seminar else None
    skoler = set(skoler_in(veiledning=veiledning, user=user).values_list("pk", flat=True))
    every = egenvurdering_skole_ids(veiledning=veiledning)
    return Scope(
        evaluering=audience_for(user=user, evaluering=evaluering) if evaluering else "",
        skoler=_every_or(skoler, set(veiledning.skoler.values_list("pk", flat=True))),
        egenvurdering=_every_or(egenvurdering_readable_ids(user=user, veiledning=veiledning, among=every), every),
    )


def closing_report_context(veiledning: Veiledning, scope: Scope, language: str) -> dict:
    """The closing report as the scope may read it: attendance of its schools, their
    Egenvurdering, and the evaluation as its audience gets it."""
    samlinger = list(veiledning.samlinger.prefetch_related("deltakere__skole"))
    seminar = next((s for s in samlinger if s.type == Samling.Type.SEMINAR), None)
    skoler = veiledning.skoler.all() if scope.skoler is None else veiledning.skoler.filter(pk__in=scope.skoler)
    attendance = []
    for skole in skoler:
        deltakere = [d for d in (seminar.deltakere.all() if seminar else []) if d.skole_id == skole.pk]
        attendance.append(
            {"skole": skole, "registrert": len(deltakere), "mott": sum(1 for d in deltakere if d.oppmott)}
        )
    # By the relation: it also knows its seminar, whose participants are prefetched above.
    evaluering = getattr(seminar, "evaluering", None) if seminar else None
    evaluering_data = None
    if evaluering is not None and scope.evaluering:
        data = results(evaluering, language, audience=scope.evaluering)
        evaluering_data = {"evaluering": evaluering, "r": data, "charts": charts(data)}
    readable = egenvurdering_skole_ids(veiledning=veiledning) if scope.egenvurdering is None else scope.egenvurdering
    return {
        "evaluering": evaluering_data,
        "har_evaluering": evaluering is not None,
        "veiledning": veiledning,
        "samlinger": samlinger,
        "stegendringer": veiledning.stegendringer.all(),
        "attendance": attendance,
        "endring": egenvurdering_endring_for(veiledning=veiledning, readable=readable),
    }


def closing_report_version(veiledning: Veiledning) -> str:
    """What the closing report is made from: the Veiledning, its schools, Samlinger,
    Deltakere, steps, Egenvurderinger and the seminar's evaluation."""
    skoler = veiledning.skoler.order_by("pk").values_list("pk", "navn", "updated_at")
    samlinger = veiledning.samlinger.order_by("pk").values_list("pk", "updated_at")
    deltakere = veiledning.samlinger.aggregate(n=Count("deltakere"), last=Max("deltakere__updated_at"))
    steg = veiledning.stegendringer.aggregate(n=Count("pk"), last=Max("at"))
    egen = Egenvurdering.objects.filter(veiledning=veiledning).aggregate(n=Count("pk"), last=Max("updated_at"))
    evalueringer = Evaluering.objects.filter(samling__veiledning=veiledning).order_by("pk")
    return data_version(
        veiledning.pk, veiledning.updated_at, veiledning.kommune.navn, *skoler, *samlinger,
        deltakere["n"], deltakere["last"], steg["n"], steg["last"], egen["n"], egen["last"],
        *(evaluering_reports.version(e) for e in evalueringer),
    )  # fmt: skip


def closing_report_pdf(object_id: str, language: str, audience: str) -> bytes:
    """The report builder ("sluttrapport"), for the scope written in `audience`."""
    veiledning = Veiledning.objects.select_related("kommune", "programmal").get(pk=object_id)
    with override(language):
        context = closing_report_context(veiledning, Scope.parse(audience), language)
    return render_pdf("pages/sluttrapport.html", context, language=language)
