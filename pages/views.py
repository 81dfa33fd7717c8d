"""The pages that combine the apps: each persona's home, the outbox of reminders, the
language switch, and the statements (accessibility, privacy). Above the domain apps."""

from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.services import user_set_language
from core.language import content_language
from core.pagination import paginate
from core.parse import parse_choice
from core.reminders import is_uncertain, paminnelse_resend
from core.report_views import serve_report
from handlingsplan.selectors import behov_fra_kommunen, can_see_statusforesporsler, statusforesporsler_til_skole
from innsikt.selectors import effekt_for_kommune
from kommuner import selectors as kommuner_selectors
from kommuner.selectors import kommuner_for, skoler_for
from pages import reports
from pages.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from pages.metrics import allowed as metrics_allowed
from pages.metrics import exposition
from pages.personas import persona_for
from pages.selectors import paminnelser_for, skolestatus, utsendinger
from risikovurdering.selectors import vurderinger_for
from veiledning.selectors import veiledninger_for


@login_required
def home(request):
    persona = request._persona = persona_for(user=request.user)  # the menu reads the same (context processor)
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
        context["statusforesporsler"] = statusforesporsler_til_skole(user=request.user, skole=persona.skole)
    return render(request, f"pages/home_{persona.key}.html", context)


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


def _controller() -> dict:
    """Who answers for the service, from settings (the statements show them as they are)."""
    return {
        "behandlingsansvarlig": settings.BEHANDLINGSANSVARLIG,
        "postadresse": settings.BEHANDLINGSANSVARLIG_POSTADRESSE,
        "telefon": settings.BEHANDLINGSANSVARLIG_TELEFON,
        "epost": settings.BEHANDLINGSANSVARLIG_EPOST,
    }


@require_GET
def metrics(request):
    """The gauges for Prometheus (pages.metrics): to the allowed addresses or the token only."""
    if not metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(exposition(), content_type=METRICS_CONTENT_TYPE)


def _statement(context: dict) -> dict:
    """A statement shows nothing but these values in the reader's language: its text is
    rendered once per language and values in each process ({% keepstatic %}, issue 20)."""
    return {**context, "statement_key": repr(sorted(context.items()))}


def accessibility(request):
    """The accessibility statement, in the parts uustatus.no gives one."""
    try:
        dato = date.fromisoformat(settings.TILGJENGELIGHET_ERKLAERING_DATO)
    except ValueError:
        dato = None
    context = {
        **_controller(),
        "nettsted": urlsplit(settings.SITE_URL).netloc,
        "tilbakemelding_epost": settings.TILGJENGELIGHET_EPOST or settings.BEHANDLINGSANSVARLIG_EPOST,
        "dato": dato,
    }
    return render(request, "pages/tilgjengelighet.html", _statement(context))


def privacy(request):
    """The privacy statement (GDPR art. 13). The retention period is the one pages.retention keeps."""
    context = {
        **_controller(),
        "personvernombud_epost": settings.PERSONVERNOMBUD_EPOST,
        "databehandler": settings.DATABEHANDLER,
        "maneder": settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER,
    }
    return render(request, "pages/personvern.html", _statement(context))


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
    letters_between = None
    if shown == "sendt":  # sent letters stand among the sent reminders, by time
        newest = rows[0].due_at if rows and page.has_previous() else None
        oldest = rows[-1].due_at if rows and page.has_next() else None
        letters_between = (oldest, newest)
    lines = utsendinger(user=request.user, rows=rows, letters_between=letters_between)
    context = {"lines": lines, "page": page, "shown": shown, "filters": OUTBOX_LABELS}
    return render(request, "pages/outbox.html", context)


@login_required
@require_POST
def outbox_resend(request, pk: int):
    row = get_object_or_404(paminnelser_for(user=request.user), pk=pk)
    paminnelse_resend(paminnelse=row, by=request.user)
    messages.success(request, _("Påminnelsen sendes på nytt."))
    return redirect("pages:outbox")


# The register's pages: a Kommune and a school, with what the programme holds about them.


@login_required
def kommune_detail(request, orgnr: str):
    kommune = get_object_or_404(kommuner_for(user=request.user), orgnr=orgnr)
    skoler = list(skoler_for(user=request.user).filter(kommune=kommune).order_by("navn"))
    context = {
        "kommune": kommune,
        "skoler": skoler,
        # "Skolene": each school's status, and what the schools need from the Kommune.
        "skolestatus": skolestatus(user=request.user, kommune=kommune, skoler=skoler),
        "behov": behov_fra_kommunen(user=request.user, kommune=kommune),
        "statusforesporsler": can_see_statusforesporsler(user=request.user, kommune=kommune),
        "kontakter": kommuner_selectors.kontakter_for(user=request.user).filter(kommune=kommune, skole__isnull=True),
        "can_write": kommuner_selectors.can_write_kommune(user=request.user, kommune=kommune),
        "people_hidden": not kommuner_selectors.can_see_kontakter(user=request.user, kommune=kommune),
        "veiledninger": veiledninger_for(user=request.user).filter(kommune=kommune),
        "deling": kommuner_selectors.deling_for(user=request.user, kommune=kommune),
        "effekt": effekt_for_kommune(user=request.user, kommune=kommune),
    }
    return render(request, "pages/kommune_detail.html", context)


@login_required
def skole_detail(request, pk: int):
    skole = get_object_or_404(skoler_for(user=request.user), pk=pk)
    context = {
        "skole": skole,
        "kontakter": kommuner_selectors.kontakter_for(user=request.user).filter(skole=skole),
        "can_write": kommuner_selectors.can_write_kommune(user=request.user, kommune=skole.kommune),
        "people_hidden": not kommuner_selectors.can_see_kontakter(user=request.user, kommune=skole.kommune),
        # The seed: sector work "is often not known at unit level", so every school page shows it.
        "sektor": vurderinger_for(user=request.user).filter(kommune=skole.kommune, niva="sektor").first(),
    }
    return render(request, "pages/skole_detail.html", context)


@login_required
def sluttrapport(request, pk: int):
    """The closing report as the user may read it."""
    veiledning = get_object_or_404(veiledninger_for(user=request.user), pk=pk)
    scope = reports.scope_for(user=request.user, veiledning=veiledning)
    context = reports.closing_report_context(veiledning, scope, content_language())
    return render(request, "pages/sluttrapport_page.html", context)


@login_required
def sluttrapport_pdf(request, pk: int):
    """The same as a PDF, made in a job for the user's scope and cached by it."""
    veiledning = get_object_or_404(veiledninger_for(user=request.user), pk=pk)
    scope = reports.scope_for(user=request.user, veiledning=veiledning)
    return serve_report(
        request, kind="sluttrapport", object_id=veiledning.pk, language=content_language(),
        version=reports.closing_report_version(veiledning), audience=scope.key(),
        title=_("Sluttrapport: veiledning for %(kommune)s") % {"kommune": veiledning.kommune.navn},
        back=reverse("pages:sluttrapport", args=[pk]), filename=f"sluttrapport-{veiledning.kommune.nummer}.pdf",
    )  # fmt: skip
