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
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.language import content_language
from core.report_views import serve_report
from evaluering import reports, selectors, services
from evaluering.forms import BesvarelseForm, VinduForm
from evaluering.links import public_url
from evaluering.models import Besvarelse, Evaluering

# The device cookie: set when the form is shown, signed and bound to this evaluation
# (its salt names the token, its path is the form's), so an answer is a person who opened
# the form, not a post. One answer per device: a second visit edits it.
DEVICE_COOKIE = "vts_svar"
DEVICE_MAX_AGE = 60 * 60 * 24 * 60


def _device_salt(evaluering: Evaluering) -> str:
    return f"evaluering.enhet:{evaluering.token}"


def _device(request, evaluering: Evaluering) -> str | None:
    """This phone's device token for this evaluation, if it holds a valid cookie."""
    return (
        request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=_device_salt(evaluering), max_age=DEVICE_MAX_AGE)
        or None
    )


def _give_device(response: HttpResponse, evaluering: Evaluering, device: str) -> HttpResponse:
    response.set_signed_cookie(
        DEVICE_COOKIE, device, salt=_device_salt(evaluering), max_age=DEVICE_MAX_AGE,
        path=reverse("evaluering:svar", args=[evaluering.token]), httponly=True, samesite="Lax",
        secure=settings.PRODUCTION,
    )  # fmt: skip
    return response


def _in_malform(request, evaluering: Evaluering) -> None:
    """The form opens in the kommune's målform (its språkvedtak, språklova § 11; both forms
    exist, as § 14 asks of a state body's forms) unless the person chose a
    language (the switch in the header, or a logged-in user's own setting)."""
    if request.user.is_authenticated or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in dict(settings.LANGUAGES):
        return
    language = evaluering.samling.veiledning.kommune.language
    translation.activate(language)
    request.LANGUAGE_CODE = language


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Content-Language"] = get_language()
    return response


def svar(request, token: str):
    """The public form, reached from the QR code. No login; one response per device."""
    evaluering = selectors.evaluering_by_token(token)
    if evaluering is None:
        return render(request, "evaluering/ukjent.html", status=404)
    _in_malform(request, evaluering)
    if selectors.not_yet_open(evaluering):
        return _page(request, "evaluering/apner.html", {"evaluering": evaluering})
    if not services.is_open(evaluering):
        return _page(request, "evaluering/stengt.html", {"evaluering": evaluering}, status=410)
    device = _device(request, evaluering)
    if device is None:
        # No valid cookie: the form is shown (a post's input kept) with a new one; a post
        # is refused before anything is counted, so a script spends nobody's budget.
        device = secrets.token_urlsafe(24)
        if request.method == "GET":
            response = _blank_form(request, evaluering) or _form_page(request, evaluering, None, None)
        else:
            form = BesvarelseForm(request.POST, evaluering=evaluering, language=content_language())
            response = _form_page(request, evaluering, form, None, status=403, refused=True)
        return _give_device(response, evaluering, device)
    if request.method != "POST":
        earlier = services.besvarelse_for(evaluering=evaluering, device_token=device)
        form = BesvarelseForm(evaluering=evaluering, language=content_language(), initial=_initial(earlier))
        return _form_page(request, evaluering, form, earlier)
    # The phone's earlier answers are read only if this post is refused and the form shown
    # again: a valid post replaces them (two queries fewer on the seminar's busiest path).
    form = BesvarelseForm(request.POST, evaluering=evaluering, language=content_language())
    if form.is_valid():
        answers, rolle = form.answers()
        try:
            services.besvarelse_submit(
                evaluering=evaluering, device_token=device, answers=answers, rolle=rolle, bekreftet=form.confirmed()
            )
        except services.NotYetOpen:
            return _page(request, "evaluering/apner.html", {"evaluering": evaluering})
        except services.Closed:
            return _page(request, "evaluering/stengt.html", {"evaluering": evaluering}, status=410)
        except services.TooMany:
            return _page(request, "evaluering/travelt.html", {}, status=429)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("evaluering:takk", token)
    earlier = services.besvarelse_for(evaluering=evaluering, device_token=device)
    return _form_page(request, evaluering, form, earlier, status=400)


def _initial(earlier) -> dict:
    """The form as this phone left it: its answers and its role."""
    if not earlier:
        return {}
    initial = {s.sporsmal: (s.verdi if s.verdi is not None else s.tekst) for s in earlier.svar.all()}
    initial["rolle"] = earlier.rolle
    return initial


def _form_page(request, evaluering, form, earlier, *, status: int = 200, refused: bool = False) -> HttpResponse:
    if form is None:
        form = BesvarelseForm(evaluering=evaluering, language=content_language())
    context = {"evaluering": evaluering, "form": form, "earlier": earlier, "refused": refused}
    return _page(request, "evaluering/svar.html", context, status=status)


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
    response = HttpResponse(html.replace(CSRF_SLOT, get_token(request)))
    response["Content-Language"] = get_language()
    return response


def takk(request, token: str):
    evaluering = get_object_or_404(Evaluering.objects.select_related("samling__veiledning__kommune"), token=token)
    _in_malform(request, evaluering)
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
        "not_yet_open": selectors.not_yet_open(evaluering),
    }
    return render(request, "evaluering/detail.html", context)


@login_required
def resultater(request, pk: int):
    evaluering = _evaluering(request, pk)
    data = selectors.results_for(user=request.user, evaluering=evaluering, language=content_language())
    context = {"evaluering": evaluering, "r": data, "charts": reports.charts(data)}
    if data["full"]:
        context["bursts"] = selectors.bursts(evaluering)
    return render(request, "evaluering/resultater.html", context)


ACTIONS = {
    "utelat": Besvarelse.Status.UTELATT,
    "forkast": Besvarelse.Status.FORKASTET,
    "gjenopprett": Besvarelse.Status.GYLDIG,
    "forkast_minutt": Besvarelse.Status.FORKASTET,
}


@login_required
def besvarelser(request, pk: int):
    """For the veileder: every answer, with a burst marked; keep one out of the reports,
    void it (or a whole minute's burst), or bring it back. Each change is recorded."""
    evaluering = _veileder(request, pk)
    if request.method == "POST":
        action = request.POST.get("handling", "")
        if action not in ACTIONS:
            messages.error(request, _("Ugyldig verdi."))
            return redirect("evaluering:besvarelser", pk)
        if action == "forkast_minutt":
            minutes = {b["minutt"].isoformat(): b["minutt"] for b in selectors.bursts(evaluering)}
            minute = minutes.get(request.POST.get("minutt", ""))
            pks = selectors.besvarelser_in_minute(evaluering, minute) if minute else []
        else:
            pks = [v for v in request.POST.getlist("besvarelse") if v.isdigit()][:1000]
        n = services.besvarelser_set_status(evaluering=evaluering, pks=pks, status=ACTIONS[action], by=request.user)
        messages.success(request, _("Endret svar: %(n)s.") % {"n": n})
        return redirect("evaluering:besvarelser", pk)
    context = {
        "evaluering": evaluering,
        "rows": selectors.besvarelser_list(evaluering, content_language()),
        "bursts": selectors.bursts(evaluering),
    }
    return render(request, "evaluering/besvarelser.html", context)


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
