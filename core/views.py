"""Views of the platform: health, the session keepalive and the error pages. They know no
domain; the pages that combine the apps live in `pages`."""

import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from core.health import broker_ok, database_ok
from core.middleware import session_renew


@require_GET
def healthz(request):
    checks = {"database": database_ok(), "broker": broker_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse({"status": "ok" if status == 200 else "unavailable", **checks}, status=status)


@require_GET
def keepalive(request):
    """Renews the session now; the page calls it when the person chooses to stay logged
    in. Changes no table but the session's own."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    session_renew(request)
    return HttpResponse(status=204)


security_log = logging.getLogger("vts.security")


def bad_request(request, exception=None):
    """400 in the site's layout and the visitor's language."""
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """An expired form (or cookies off): said plainly, with the way back, not Django's page."""
    security_log.info("csrf failure path=%s reason=%s", request.path, reason)
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """500 in the site's layout; if the layout itself cannot render (the database is
    down, say), a plain page in the same words. Never a stack trace."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        security_log.exception("the 500 page's layout failed; plain page served")
        return HttpResponse(loader.render_to_string("500_plain.html"), status=500)


def permission_denied(request, exception=None):
    """403 in the visitor's language, and a line in the security log: refused access
    attempts are recorded (who, what, when)."""
    security_log.warning(
        "refused user=%s path=%s method=%s",
        getattr(request.user, "pk", None) if getattr(request, "user", None) and request.user.is_authenticated else "-",
        request.path,
        request.method,
    )
    return render(request, "403.html", status=403)
