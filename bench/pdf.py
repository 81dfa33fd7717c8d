"""Render one risk report in a fresh process: seconds, pages and peak memory, then leave
it in the report cache for the download figure. Prints one JSON line.

    python bench/pdf.py <risikovurdering pk>"""

import io
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup_django import setup


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def measure(pk: int) -> dict:
    from pypdf import PdfReader

    from core.models import Rapport
    from core.reports import rapport_render, rapport_request
    from risikovurdering.models import Risikovurdering
    from risikovurdering.reports import vurdering_pdf, vurdering_version

    vurdering = Risikovurdering.objects.get(pk=pk)
    smallest = Risikovurdering.objects.filter(skole=vurdering.skole, enhet__startswith="PDF-benk").order_by("pk")[0]
    vurdering_pdf(str(smallest.pk), "nb")  # fonts and templates loaded: not part of the figure
    before = rss_mb()
    started = time.perf_counter()
    pdf = vurdering_pdf(str(pk), "nb")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    rapport = rapport_request(kind="risikovurdering", object_id=pk, language="nb", version=vurdering_version(vurdering))
    if rapport.state != Rapport.State.KLAR:
        rapport_render(rapport_id=rapport.pk)
    return {
        "pk": pk,
        "pages": pages,
        "seconds": seconds,
        "bytes": len(pdf),
        "peak_rss_mb": peak,
        "peak_growth_mb": max(peak - before, 0.0),
    }


if __name__ == "__main__":
    setup()
    print(json.dumps(measure(int(sys.argv[1]))))
