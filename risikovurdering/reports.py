"""PDFs and exports for risk assessments, from the same data as the pages."""

from django.core.cache import cache
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from core import versions
from core.exports import csv_bytes, xlsx_bytes
from core.keep import CODE
from core.pdf import render_pdf
from core.reports import data_version
from core.words import EMPTY, label_of, words
from kommuner.models import Kommune
from risikovurdering import selectors
from risikovurdering.forms import faktorer_label
from risikovurdering.matrix import heatmap, level_rank, risk_level
from risikovurdering.models import Risikoforhold, Risikovurdering
from risikovurdering.services import matrise_standard
from veiledning.programmal import tekst


def vurdering_version(vurdering: Risikovurdering) -> str:
    rows = vurdering.rader.aggregate(n=Count("pk"), last=Max("updated_at"))
    return data_version(vurdering.pk, vurdering.updated_at, rows["n"], rows["last"])


def rows_with_levels(vurdering: Risikovurdering, language: str, sort: str = "") -> list[dict]:
    rows = []
    for rad in vurdering.rader.annotate(n_tiltak=Count("tiltak")):
        niva = risk_level(vurdering.matrise, rad.sannsynlighet, rad.alvorlighet, language)
        rows.append({"rad": rad, "niva": niva, "rank": level_rank(vurdering.matrise, niva.key if niva else None)})
    if sort == "risiko":
        rows.sort(key=lambda r: (-r["rank"], -(r["rad"].sannsynlighet or 0), r["rad"].pk))
    return rows


def vurdering_context(
    vurdering: Risikovurdering, language: str, sort: str = "", cell: tuple[int, int] | None = None
) -> dict:
    """`cell` (sannsynlighet, alvorlighet), a square of the heat map, narrows the rows
    table to the rows in it; the map and the counts keep every row."""
    rows = rows_with_levels(vurdering, language, sort)
    lowest = vurdering.matrise.nivaer[0]["key"]
    matrise = vurdering.matrise
    shown, cell_labels = rows, None
    if cell is not None:
        shown = [r for r in rows if (r["rad"].sannsynlighet, r["rad"].alvorlighet) == cell]
        cell_labels = {
            "sannsynlighet": tekst(matrise.sannsynlighet[cell[0]]["navn"], language),
            "alvorlighet": tekst(matrise.alvorlighet[cell[1]]["navn"], language),
        }
    return {
        "vurdering": vurdering,
        "rows": rows,
        "shown_rows": shown,
        "cell": cell_labels,
        "heatmap": heatmap(matrise, [(r["rad"].sannsynlighet, r["rad"].alvorlighet) for r in rows], language),
        "alvorlighet_labels": [tekst(a["navn"], language) for a in matrise.alvorlighet],
        "sannsynlighet_labels": [tekst(s["navn"], language) for s in matrise.sannsynlighet],
        "above_lowest": [r for r in rows if r["niva"] and r["niva"].key != lowest],
        # Rows above the lowest level stay listed until they have a Tiltak in a plan.
        "without_measure": [r for r in rows if r["niva"] and r["niva"].key != lowest and not r["rad"].n_tiltak],
        "unrated": sum(1 for r in rows if r["niva"] is None),
    }


def vurdering_pdf(object_id: str, language: str, audience: str = "") -> bytes:
    vurdering = Risikovurdering.objects.select_related("kommune", "skole", "matrise").get(pk=object_id)
    with translation.override(language):
        context = vurdering_context(vurdering, language, sort="risiko")
        context["faktorer_label"] = faktorer_label()  # today's paragraph, the old number beside it
    return render_pdf("risikovurdering/rapport.html", context, language=language)


TOP = ("hvor", "nar", "hendelse")


def oversikt_context(kommune: Kommune, language: str) -> dict:
    data = selectors.oversikt(kommune=kommune)
    matrise = matrise_standard()
    pairs = [(r["sannsynlighet"], r["alvorlighet"]) for r in data["rader"] if r["vurdering__matrise_id"] == matrise.pk]
    return {
        "kommune": kommune,
        "data": data,
        "heatmap": heatmap(matrise, pairs, language),
        "alvorlighet_labels": [tekst(a["navn"], language) for a in matrise.alvorlighet],
        "top": {key: [(label_of(Risikoforhold, key, value), n) for value, n in data[key]] for key in TOP},
        "other_matrix": len(data["rader"]) - len(pairs),
    }


def oversikt_version(kommune: Kommune) -> str:
    """Finished assessments never change (a review is a new one), so their ids and the
    schools' names are the whole of what the overview shows."""
    latest = selectors.latest_finished_per_school(kommune=kommune)
    skoler = kommune.skoler.aggregate(n=Count("pk"), last=Max("updated_at"))
    return data_version(kommune.pk, sorted(latest.items()), skoler["n"], skoler["last"])


def oversikt_pdf(object_id: str, language: str, audience: str = "") -> bytes:
    kommune = Kommune.objects.get(pk=object_id)
    with translation.override(language):
        context = oversikt_context(kommune, language)
    return render_pdf("risikovurdering/oversikt_rapport.html", context, language=language)


# --- Export: one declared list of columns serves CSV and XLSX --------------------------------


def _words(name: str):
    return lambda rad: "" if (text := words(rad, name)) == EMPTY else text


COLUMNS = [
    (name, _words(name))
    for name in (
        "hvor", "hvor_annet", "nar", "nar_annet", "situasjon", "utsatte", "hendelse", "faktorer",
        "eksisterende_tiltak", "sannsynlighet", "alvorlighet",
    )
]  # fmt: skip


def export_rows(vurdering: Risikovurdering, language: str) -> tuple[list[str], list[list]]:
    with translation.override(language):
        header = [str(Risikoforhold._meta.get_field(name).verbose_name) for name, _get in COLUMNS]
        header.append(str(Risikovurdering._meta.get_field("niva").verbose_name))
        rows = []
        for rad in vurdering.rader.all():
            niva = risk_level(vurdering.matrise, rad.sannsynlighet, rad.alvorlighet, language)
            rows.append([get(rad) for _name, get in COLUMNS] + [niva.navn if niva else ""])
    return header, rows


def export_csv(vurdering: Risikovurdering, language: str) -> bytes:
    return csv_bytes(*export_rows(vurdering, language))


def export_xlsx(vurdering: Risikovurdering, language: str) -> bytes:
    return xlsx_bytes(*export_rows(vurdering, language), sheet="Risikoforhold")


OVERSIKT_SECONDS = 3600


def oversikt_html(kommune: Kommune, language: str) -> str:
    """The same for everyone who may open it: rendered once per language and generation of
    the Kommune's data and the matrices (core.versions; the PDF keeps its content version),
    then served from the cache."""
    generations = "-".join(map(str, versions.generations(versions.sted(kommune.pk), "felles:risikovurdering")))
    key = f"oversikt:{kommune.pk}:{language}:{generations}:{CODE}"
    if (body := cache.get(key)) is None:
        body = render_to_string("risikovurdering/_oversikt_body.html", oversikt_context(kommune, language))
        cache.set(key, body, OVERSIKT_SECONDS)
    return mark_safe(body)  # noqa: S308 (our own template's output, escaped when rendered)
