import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.services import user_set_language
from core.health import broker_ok, database_ok
from core.pagination import paginate
from core.parse import parse_choice
from core.personas import persona_for
from core.reminders import is_uncertain, paminnelse_resend
from core.selectors import paminnelser_for
from kommuner.selectors import kommuner_for, skoler_for
from veiledning.selectors import veiledninger_for


@login_required
def home(request):
    persona = persona_for(user=request.user)
    context = {"persona": persona}
    if persona.key == "veileder":
        context["veiledninger"] = veiledninger_for(user=request.user).select_related("kommune")
        context["antall_kommuner"] = kommuner_for(user=request.user).count()
    elif persona.key == "skoleeier":
        context["veiledninger"] = (
            veiledninger_for(user=request.user).filter(kommune=persona.kommune).prefetch_related("samlinger")
        )
        context["skoler"] = skoler_for(user=request.user).filter(kommune=persona.kommune)
    elif persona.key == "hms":
        context["veiledninger"] = (
            veiledninger_for(user=request.user).filter(skoler=persona.skole).prefetch_related("samlinger")
        )
    return render(request, f"core/home_{persona.key}.html", context)


@require_POST
def language_set(request):
    """Switch language: on the user when logged in, in a cookie always."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("Ukjent språk."))
        language = request.LANGUAGE_CODE
    elif request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=60 * 60 * 24 * 365,
        samesite="Lax",
        secure=settings.PRODUCTION,
        httponly=True,
    )
    return response


@require_GET
def healthz(request):
    checks = {"database": database_ok(), "broker": broker_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse({"status": "ok" if status == 200 else "unavailable", **checks}, status=status)


@require_GET
def keepalive(request):
    """Renews the session now; the page calls it when the person chooses to stay logged
    in. Changes no table but the session's own."""
    from django.http import HttpResponse

    from core.middleware import session_renew

    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    session_renew(request)
    return HttpResponse(status=204)


def accessibility(request):
    return render(request, "core/tilgjengelighet.html")


def privacy(request):
    return render(request, "core/personvern.html")


security_log = logging.getLogger("vts.security")

OUTBOX_LABELS = [
    ("kommende", gettext_lazy("Kommende")),
    ("sendt", gettext_lazy("Sendt")),
    ("feilet", gettext_lazy("Feilet")),
    ("usikker", gettext_lazy("Usikker")),
    ("tapt", gettext_lazy("Ikke sendt (for sent)")),
]
OUTBOX_FILTERS = {
    "kommende": {"state": "planlagt"},
    "sendt": {"state": "sendt"},
    "feilet": {"state": "feilet"},
    "usikker": {"state": "sending"},
    "tapt": {"state": "tapt"},
}


@login_required
def outbox(request):
    """Utsendinger: what reminders go out, went out, failed, or are uncertain."""
    if not request.user.sees_all:
        raise PermissionDenied
    shown = parse_choice(request.GET.get("vis"), choices=OUTBOX_FILTERS, default="kommende")
    rows = paminnelser_for(user=request.user).filter(**OUTBOX_FILTERS[shown])
    page = paginate(request, rows.order_by("due_at" if shown == "kommende" else "-due_at", "pk"))
    rows = list(page.object_list)
    for row in rows:
        row.uncertain = is_uncertain(row)
    return render(request, "core/outbox.html", {"rows": rows, "page": page, "shown": shown, "filters": OUTBOX_LABELS})


@login_required
@require_POST
def outbox_resend(request, pk: int):
    row = get_object_or_404(paminnelser_for(user=request.user), pk=pk)
    paminnelse_resend(paminnelse=row, by=request.user)
    messages.success(request, _("Påminnelsen sendes på nytt."))
    return redirect("core:outbox")


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
