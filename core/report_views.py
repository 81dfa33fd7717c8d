from django.http import HttpResponse
from django.shortcuts import render

from core.models import Rapport
from core.reports import rapport_request


def serve_report(request, *, kind: str, object_id, language: str, version: str, title: str, back: str, filename: str):
    """Serve the cached PDF, or the job's state (a page that follows it with htmx)."""
    rapport = rapport_request(kind=kind, object_id=object_id, language=language, version=version)
    if rapport.state == Rapport.State.KLAR and (request.GET.get("last_ned") or not request.GET.get("status")):
        if request.GET.get("last_ned"):
            response = HttpResponse(bytes(rapport.pdf), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["X-Rapport"] = "cache"
            return response
    context = {"rapport": rapport, "title": title, "back": back}
    if request.GET.get("status"):
        return render(request, "core/_rapport_status.html", context)
    return render(request, "core/rapport_status.html", context, status=200 if rapport.state == "klar" else 202)
