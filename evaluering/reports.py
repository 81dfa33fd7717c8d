"""Charts, the PDF summary and the CSV export of an evaluation."""

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from core.exports import csv_bytes
from core.pdf import render_pdf
from core.reports import data_version
from evaluering import selectors
from evaluering.models import Besvarelse, Evaluering, Svar
from veiledning.programmal import tekst

BAR_W, GAP, HEIGHT = 40, 12, 120


def charts(data: dict) -> list[dict]:
    """Bar geometry for each Likert question's distribution (an SVG with its data table
    beside it: the chart is never the only way to read the numbers)."""
    out = []
    for q in data["likert"]:
        top = q["max"] or 1
        bars = []
        for i, d in enumerate(q["distribution"]):
            h = round(HEIGHT * d["count"] / top)
            bars.append({**d, "x": GAP + i * (BAR_W + GAP), "y": HEIGHT - h + 20, "h": h, "label_y": HEIGHT + 36})
        out.append({**q, "bars": bars, "width": GAP + 5 * (BAR_W + GAP), "height": HEIGHT + 44})
    return out


def version(evaluering: Evaluering) -> str:
    agg = evaluering.besvarelser.aggregate(n=Count("pk"), last=Max("updated_at"))
    return data_version(evaluering.pk, evaluering.updated_at, agg["n"], agg["last"])


def summary_pdf(object_id: str, language: str, audience: str) -> bytes:
    """For the audience the request was made for: the selector leaves out what it may not read."""
    evaluering = Evaluering.objects.select_related("samling__veiledning__kommune").get(pk=object_id)
    data = selectors.results(evaluering, language, audience=audience)
    context = {"evaluering": evaluering, "r": data, "charts": charts(data)}
    return render_pdf("evaluering/rapport.html", context, language=language)


def export_csv(evaluering: Evaluering, language: str) -> bytes:
    """Every response in the reports, one row each, for the veileder (who reads every
    answer). Answers kept out or voided are not in it; a free text that may identify
    someone and that its writer did not confirm is replaced by a note."""
    questions = [q for q in evaluering.sporsmal if q["type"] != "rolle"]
    header = ["svar", "rolle", *(tekst(q["tekst"], language) for q in questions)]
    answers: dict[int, dict] = {}
    in_reports = {"besvarelse__evaluering": evaluering, "besvarelse__status": Besvarelse.Status.GYLDIG}
    for s in Svar.objects.filter(**in_reports).values("besvarelse_id", "sporsmal", "verdi", "tekst", "bekreftet"):
        if s["verdi"] is not None:
            value = s["verdi"]
        elif selectors.text_shown(s["tekst"], s["bekreftet"]):
            value = s["tekst"]
        else:
            value = _("(holdt tilbake: kan identifisere noen)")
        answers.setdefault(s["besvarelse_id"], {})[s["sporsmal"]] = value
    besvarelser = evaluering.besvarelser.filter(status=Besvarelse.Status.GYLDIG).order_by("pk").values("pk", "rolle")
    rows = [
        [n, b["rolle"], *(answers.get(b["pk"], {}).get(q["key"], "") for q in questions)]
        for n, b in enumerate(besvarelser, start=1)
    ]
    return csv_bytes(header, rows)
