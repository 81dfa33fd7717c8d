from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.models import Rapport
from core.reports import rapport_find, rapport_request


def serve_report(
    request, *, kind: str, object_id, language: str, version: str, title: str, back: str, filename: str, audience=""
):
    """GET shows the report's state (or serves the cached PDF with ?last_ned=1); POST asks
    for it to be made, in a job. Nothing changes on a GET."""
    if request.method == "POST":
        rapport_request(kind=kind, object_id=object_id, language=language, version=version, audience=audience)
        return redirect(request.path)
    rapport = rapport_find(kind=kind, object_id=object_id, language=language, version=version, audience=audience)
    if rapport and rapport.state == Rapport.State.KLAR and request.GET.get("last_ned"):
        response = HttpResponse(bytes(rapport.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Rapport"] = "cache"
        return response
    context = {"rapport": rapport, "title": title, "back": back}
    if request.GET.get("status"):
        return render(request, "core/_rapport_status.html", context)
    return render(request, "core/rapport_status.html", context)
