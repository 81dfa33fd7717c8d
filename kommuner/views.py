from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import invitation_create
from core.pagination import paginate
from core.parse import parse_id
from kommuner import selectors, services
from kommuner.forms import KommuneSearchForm, KontaktForm


@login_required
def kommune_list(request):
    if not request.user.sees_all:
        raise PermissionDenied
    form = KommuneSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, selectors.kommuner_search(user=request.user, query=query).prefetch_related("skoler"))
    context = {"form": form, "kommuner": page.object_list, "page": page, "query": query}
    return render(request, "kommuner/kommune_list.html", context)


@login_required
def kontakt_create(request, orgnr: str):
    kommune = get_object_or_404(selectors.kommuner_writable_for(user=request.user), orgnr=orgnr)
    skole = parse_id(request.GET.get("skole"), default=None)  # "add a contact" from a school's page
    form = KontaktForm(request.POST or None, kommune=kommune, initial={"skole": skole})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kontakt = services.kontakt_create(kommune=kommune, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(navn)s er lagt til.") % {"navn": kontakt.navn})
            return redirect(kontakt.skole.get_absolute_url() if kontakt.skole else kommune.get_absolute_url())
    return render(request, "kommuner/kontakt_form.html", {"form": form, "kommune": kommune})


@login_required
@require_POST
def kontakt_invite(request, pk: int):
    kontakt = get_object_or_404(selectors.kontakter_writable_for(user=request.user), pk=pk)
    try:
        invitation_create(kontakt=kontakt, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitasjon sendt til %(epost)s.") % {"epost": kontakt.epost})
    return redirect(kontakt.skole.get_absolute_url() if kontakt.skole else kontakt.kommune.get_absolute_url())


@login_required
@require_POST
def deler_innhold(request, orgnr: str):
    """The Kommune's employer side decides whether its veileder may read content."""
    kommune = get_object_or_404(selectors.kommuner_for(user=request.user), orgnr=orgnr)
    deler = request.POST.get("deler_innhold") == "1"
    services.kommune_set_deler_innhold(kommune=kommune, deler_innhold=deler, by=request.user)
    if deler:
        messages.success(request, _("Veilederen kan nå lese innholdet i vurderinger og planer."))
    else:
        messages.success(request, _("Veilederen ser nå bare status og antall."))
    return redirect(kommune.get_absolute_url())
