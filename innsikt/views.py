"""Nasjonalt bilde and the research export (issue 21): thin views over innsikt.selectors."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core.keep import body
from innsikt import charts, selectors, services
from innsikt.forms import UttrekkForm, UtvalgForm
from innsikt.services import SCOPE

RISIKO = ("situasjon", "hvor", "nar", "hendelse")
# planlagt grey, invitert light blue, oppstart yellow, seminar the accent, oppfølging dark blue,
# avsluttet green: finished reads as done, never as the danger red.
STEP_CSS = ["seg-2", "seg-1", "seg-3", "seg-0", "seg-6", "seg-4"]


@login_required
def nasjonalt(request):
    if not selectors.innsikt_allowed(user=request.user):
        raise PermissionDenied
    form = UtvalgForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    utvalg = form.utvalg() if valid else selectors.Utvalg()
    refused = form.is_bound and not valid
    # The same for every reader allowed in; kept until the summary tables are rebuilt.
    html = body(
        request, "innsikt/_nasjonalt_body.html", lambda: _context(form, utvalg, refused), keep=not refused,
        reader=("innsikt",), scopes=(SCOPE, "kommuner"), params=("fylke", "skoletype", "fra", "til"),
    )  # fmt: skip
    return render(request, "innsikt/nasjonalt.html", {"body": html})


def _context(form, utvalg, refused: bool) -> dict:
    context = {"form": form, "refused": refused, "utvalg": utvalg, "stamp": selectors.sist_oppfrisket()}
    if refused:
        return context
    today = timezone.localdate()
    steg = selectors.steg_over_tid(utvalg, today)
    risiko = selectors.risiko(utvalg, RISIKO)
    tiltak = [selectors.tiltak(utvalg, d) for d in ("omrade", "type")]
    egen = selectors.egenvurdering(utvalg)
    trend = selectors.evaluering_trend(utvalg)
    return {
        **context,
        "steg": steg,
        "steg_chart": _steg_chart(steg),
        "kjort_av": selectors.kjort_av(utvalg),
        "programmer": selectors.programmer(utvalg),
        "risiko": [(r, _risiko_chart(r)) for r in risiko],
        "tiltak": [(t, _tiltak_chart(t)) for t in tiltak],
        "egenvurdering": egen,
        "egen_chart": _egen_chart(egen),
        "trend": trend,
        "trend_chart": _trend_chart(trend),
        "effekt": selectors.effekt(utvalg),
        "min_gruppe": selectors.MIN_GRUPPE,
    }


def _month(day) -> str:
    """A short month under a column: "jan. 26" (the year in two digits)."""
    return f"{date_format(day, 'b')} {day:%y}"


def _steg_chart(steg: dict) -> charts.Chart:
    series = [(label, css) for (_key, label), css in zip(steg["steps"], STEP_CSS, strict=True)]
    return charts.columns(
        "steg", _("Veiledninger etter steg ved utgangen av hver måned"),
        [_month(r["month"]) for r in steg["rows"]], [[c["value"] for c in r["cells"]] for r in steg["rows"]], series,
        fmt=lambda v: number_format(v, 0),
    )  # fmt: skip


def _risiko_chart(r: dict) -> charts.Chart:
    return charts.stacked_bars(
        f"risiko-{r['dimensjon']}", r["title"],
        [(row["label"], [c["value"] for c in row["cells"]]) for row in r["rows"]], r["levels"],
    )  # fmt: skip


def _tiltak_chart(t: dict) -> charts.Chart:
    return charts.stacked_bars(
        f"tiltak-{t['dimensjon']}", t["title"], [(row["label"], [row["n"]]) for row in t["rows"]],
        [(_("tiltak"), "seg-0")],
    )  # fmt: skip


def _egen_chart(rows: list[dict]) -> charts.Chart:
    return charts.paired_bars(
        "egenvurdering", _("Egenvurdering: snitt per spørsmål ved oppstart og før oppfølging (0–2)"),
        [(r["label"], r["for"]["mean"], r["etter"]["mean"]) for r in rows], maks=2,
        series=[(_("ved oppstart"), "seg-1"), (_("før oppfølging"), "seg-4")],
        fmt=lambda v: number_format(round(v, 2), 2),
    )  # fmt: skip


def _trend_chart(rows: list[dict]) -> charts.Chart:
    return charts.columns(
        "trend", _("Evalueringen: snitt per måned (1–5)"), [_month(r["month"]) for r in rows],
        [[r["mean"]] for r in rows], [(_("snitt"), "seg-0")], fmt=lambda v: number_format(round(v, 1), 1), maks=5,
    )  # fmt: skip


@login_required
def eksport(request):
    """The research export: why it is taken is asked, and written in its history."""
    if not selectors.eksport_allowed(user=request.user):
        raise PermissionDenied
    form = UttrekkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        formal = form.cleaned_data["formal"]
        _uttrekk, data, filename = services.forskningsuttrekk_create(by=request.user, formal=formal)
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {
        "form": form, "earlier": selectors.uttrekk_for(user=request.user), "stamp": selectors.sist_oppfrisket(),
        "min_gruppe": selectors.MIN_GRUPPE,
    }  # fmt: skip
    return render(request, "innsikt/eksport.html", context, status=400 if form.errors else 200)
