import io
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.language import content_language
from core.report_views import serve_report
from evaluering import reports, selectors, services
from evaluering.forms import BesvarelseForm, VinduForm
from evaluering.links import public_url
from evaluering.models import Evaluering

DEVICE_COOKIE = "vts_enhet"


def svar(request, token: str):
    """The public form, reached from the QR code. No login; one response per device."""
    evaluering = Evaluering.objects.select_related("samling__veiledning__kommune").filter(token=token).first()
    if evaluering is None:
        return render(request, "evaluering/ukjent.html", status=404)
    if not services.is_open(evaluering):
        return render(request, "evaluering/stengt.html", {"evaluering": evaluering}, status=410)
    device = request.COOKIES.get(DEVICE_COOKIE, "")
    if request.method == "GET" and not device and (cached := _blank_form(request, evaluering)):
        return cached
    earlier = services.besvarelse_for(evaluering=evaluering, device_token=device)
    initial = {}
    if earlier:
        initial = {s.sporsmal: (s.verdi if s.verdi is not None else s.tekst) for s in earlier.svar.all()}
        initial["rolle"] = earlier.rolle
    form = BesvarelseForm(request.POST or None, evaluering=evaluering, language=content_language(), initial=initial)
    if request.method == "POST" and form.is_valid():
        device = device or secrets.token_urlsafe(24)
        answers, rolle = form.answers()
        try:
            services.besvarelse_submit(evaluering=evaluering, device_token=device, answers=answers, rolle=rolle)
        except services.Closed:
            return render(request, "evaluering/stengt.html", {"evaluering": evaluering}, status=410)
        except services.TooMany:
            return render(request, "evaluering/travelt.html", status=429)
        response = redirect("evaluering:takk", token)
        response.set_cookie(
            DEVICE_COOKIE, device, max_age=60 * 60 * 24 * 60, httponly=True, samesite="Lax", secure=settings.PRODUCTION
        )
        return response
    context = {"evaluering": evaluering, "form": form, "earlier": earlier}
    return render(request, "evaluering/svar.html", context)


CSRF_SLOT = "csrf-slot"
BLANK_FORM_SECONDS = 300


def _blank_form(request, evaluering: Evaluering) -> HttpResponse | None:
    """The blank form is the same for every phone in the room: rendered once per
    evaluation, version and language, with each phone's own CSRF token put in. Not for a
    phone that has a session, a message waiting or a query string: those render afresh."""
    if request.GET or request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, "messages"}:
        return None
    key = f"evaluering-skjema:{evaluering.pk}:{evaluering.updated_at.isoformat()}:{get_language()}"
    html = cache.get(key)
    if html is None:
        form = BesvarelseForm(evaluering=evaluering, language=content_language())
        context = {"evaluering": evaluering, "form": form, "earlier": None, "csrf_token": CSRF_SLOT}
        html = render_to_string("evaluering/svar.html", context, request=request)
        cache.set(key, html, BLANK_FORM_SECONDS)
    return HttpResponse(html.replace(CSRF_SLOT, get_token(request)))


def takk(request, token: str):
    evaluering = get_object_or_404(Evaluering, token=token)
    return render(request, "evaluering/takk.html", {"evaluering": evaluering})


def _evaluering(request, pk: int) -> Evaluering:
    return get_object_or_404(selectors.evalueringer_for(user=request.user), pk=pk)


def _veileder(request, pk: int) -> Evaluering:
    """The link, the QR code and the raw answers: for those who read every answer."""
    evaluering = _evaluering(request, pk)
    if not selectors.sees_free_text(user=request.user, evaluering=evaluering):
        raise PermissionDenied
    return evaluering


@login_required
def qr(request, pk: int):
    """The QR code as SVG, made on the server."""
    evaluering = _veileder(request, pk)
    out = io.BytesIO()
    segno.make(public_url(evaluering), error="m").save(
        out, kind="svg", scale=8, border=2, title=_("QR-kode til evalueringen"), svgclass="qr", lineclass=None
    )
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@login_required
def detail(request, pk: int):
    """For the veileder: the link, the QR code (printable), the opening times."""
    evaluering = _veileder(request, pk)
    form = VinduForm(
        request.POST or None,
        initial={
            "apner_at": timezone.localtime(evaluering.apner_at),
            "lukker_at": timezone.localtime(evaluering.lukker_at),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluering_set_window(
                evaluering=evaluering, apner_at=form.cleaned_data["apner_at"], lukker_at=form.cleaned_data["lukker_at"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tidene er lagret."))
            return redirect("evaluering:detail", pk)
    context = {
        "evaluering": evaluering,
        "form": form,
        "url": public_url(evaluering),
        "open": services.is_open(evaluering),
    }
    return render(request, "evaluering/detail.html", context)


@login_required
def resultater(request, pk: int):
    evaluering = _evaluering(request, pk)
    data = selectors.results_for(user=request.user, evaluering=evaluering, language=content_language())
    context = {"evaluering": evaluering, "r": data, "charts": reports.charts(data)}
    return render(request, "evaluering/resultater.html", context)


@login_required
def trend(request):
    if not request.user.sees_all:
        raise PermissionDenied
    return render(
        request, "evaluering/trend.html", {"trend": selectors.trend_for(user=request.user, language=content_language())}
    )


@login_required
def rapport(request, pk: int):
    evaluering = _evaluering(request, pk)
    audience = selectors.audience_for(user=request.user, evaluering=evaluering)
    if not selectors.results_shown(evaluering, audience=audience):
        raise PermissionDenied
    return serve_report(
        request, kind="evaluering", object_id=evaluering.pk, language=content_language(),
        version=reports.version(evaluering), audience=audience,
        title=_("Evaluering: %(samling)s") % {"samling": evaluering.samling},
        back=reverse("evaluering:resultater", args=[pk]), filename=f"evaluering-{evaluering.pk}.pdf",
    )  # fmt: skip


@login_required
def eksport(request, pk: int):
    evaluering = _veileder(request, pk)
    response = HttpResponse(reports.export_csv(evaluering, content_language()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluering-{evaluering.pk}.csv"'
    return response
