import re

from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.models import Rapport
from core.reports import rapport_find, rapport_request

BOX_ID = re.compile(r"[a-z][a-z0-9-]{0,39}")


def _box_id(value: str | None) -> str:
    """The id of the report's box on the page that asked (a page may offer several)."""
    return value if value and BOX_ID.fullmatch(value) else "rapport-status"


def serve_report(
    request, *, kind: str, object_id, language: str, version: str, title: str, back: str, filename: str, audience=""
):
    """One click to a PDF (issue 17). POST asks for the report: a cached one downloads at once,
    else a job starts and the box that asked (htmx) shows its progress, then the download.
    GET shows the report's state (?status=1: the box alone), or serves the PDF (?last_ned=1).
    Nothing changes on a GET."""
    key = {"kind": kind, "object_id": object_id, "language": language, "version": version, "audience": audience}
    if request.method == "POST":
        rapport = rapport_request(**key)
        if request.headers.get("HX-Request"):
            context = {"rapport": rapport, "auto": True, "box_id": _box_id(request.POST.get("boks"))}
            return render(request, "core/_rapport_status.html", context)
        if rapport.state == Rapport.State.KLAR:
            return redirect(f"{request.path}?last_ned=1")
        return redirect(request.path)
    rapport = rapport_find(**key)
    if rapport and rapport.state == Rapport.State.KLAR and request.GET.get("last_ned"):
        response = HttpResponse(bytes(rapport.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Rapport"] = "cache"
        return response
    context = {"rapport": rapport, "title": title, "back": back}
    if request.GET.get("status"):
        context |= {"auto": request.GET.get("auto") == "1", "box_id": _box_id(request.GET.get("boks"))}
        return render(request, "core/_rapport_status.html", context)
    return render(request, "core/rapport_status.html", context)
