from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import keep, versions
from core.language import content_language
from core.parse import parse_id
from core.report_views import serve_report
from handlingsplan import reports, selectors, services
from handlingsplan.forms import (
    MeldingForm,
    StatusforesporselForm,
    StatusForm,
    StatussvarForm,
    SvarForm,
    TiltakForm,
)
from handlingsplan.models import Handlingsplan, Statusforesporsel, Tiltak, Tiltaksforslag
from kommuner.access import reader
from kommuner.selectors import skoler_for
from risikovurdering.forms import KommentarForm
from risikovurdering.selectors import oversikt_kommuner_for
from veiledning.programmal import tekst
from veiledning.selectors import regelverk_panel, veiledninger_for


def _plan(request, pk: int, *, write: bool = False) -> Handlingsplan:
    plan = selectors.plan_for(user=request.user, pk=pk)
    if plan is None:
        raise Http404
    if not selectors.can_read_content(user=request.user, plan=plan):
        raise PermissionDenied
    if write and not selectors.can_write(user=request.user, plan=plan):
        raise PermissionDenied
    return plan


def _questions(plan: Handlingsplan) -> tuple[str, list[str]]:
    oppgave = services.plan_task(plan)
    language = content_language()
    return tekst(oppgave["tittel"], language), [tekst(q, language) for q in oppgave["sporsmal"]]


@login_required
def skole_plan(request, pk: int):
    skole = get_object_or_404(skoler_for(user=request.user), pk=pk)
    plan = selectors.planer_for(user=request.user).filter(skole=skole).first()
    if plan and selectors.can_read_content(user=request.user, plan=plan):
        return redirect("handlingsplan:detail", plan.pk)
    can_start = selectors.can_start_for_skole(user=request.user, skole=skole)
    if request.method == "POST":
        if not can_start:
            raise PermissionDenied
        chosen = parse_id(request.POST.get("veiledning"), default=None)
        veiledning = veiledninger_for(user=request.user).filter(pk=chosen).first() if chosen else None
        plan = services.handlingsplan_get_or_create(
            kommune=skole.kommune, skole=skole, veiledning=veiledning, by=request.user
        )
        return redirect("handlingsplan:detail", plan.pk)
    chosen = parse_id(request.GET.get("veiledning"), default=None)  # carried into the form's hidden field
    context = {"owner": skole, "plan": plan, "can_start": can_start, "veiledning": chosen or ""}
    return render(request, "handlingsplan/start.html", context)


@login_required
def kommune_plan(request, orgnr: str):
    kommune = get_object_or_404(oversikt_kommuner_for(user=request.user), orgnr=orgnr)
    plan = selectors.planer_for(user=request.user).filter(kommune=kommune, skole__isnull=True).first()
    if plan and selectors.can_read_content(user=request.user, plan=plan):
        return redirect("handlingsplan:detail", plan.pk)
    can_start = selectors.can_start_for_kommune(user=request.user, kommune=kommune)
    if request.method == "POST":
        if not can_start:
            raise PermissionDenied
        plan = services.handlingsplan_get_or_create(kommune=kommune, by=request.user)
        return redirect("handlingsplan:detail", plan.pk)
    return render(request, "handlingsplan/start.html", {"owner": kommune, "plan": plan, "can_start": can_start})


@login_required
def detail(request, pk: int):
    plan = _plan(request, pk)
    can_write = selectors.can_write(user=request.user, plan=plan)
    form = None  # on a GET, built only when the page is not kept: it reads the programme
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        form = _svar_form(plan, request.POST)
        save = services.handlingsplan_save_svar
        if form.is_valid() and _saved(form, save, plan=plan, svar=_data(form), by=request.user):
            messages.success(request, _("Svarene er lagret."))
            return redirect("handlingsplan:detail", pk)
    crumb_oversikt = selectors.overview_is_for(user=request.user, kommune=plan.kommune)
    body = keep.body(
        request, "handlingsplan/_detail_body.html", lambda: _detail_context(request, plan, form, can_write),
        keep=form is None, reader=reader(request.user), scopes=plan_scopes(plan), clock=True,
    )  # fmt: skip
    return render(request, "handlingsplan/detail.html", {"plan": plan, "body": body, "crumb_oversikt": crumb_oversikt})


def _saved(form, save, **kwargs) -> bool:
    """Call `save` with whether a flagged text was confirmed (core/privacy.py); what the
    service refuses is shown at its field, with the text kept."""
    try:
        save(bekreftet=form.cleaned_data.get("bekreft", False), **kwargs)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _data(form, *names) -> dict:
    """The form's values but the confirmation box and `names` (passed on their own)."""
    return {k: v for k, v in form.cleaned_data.items() if k not in ("bekreft", *names)}


def plan_scopes(plan: Handlingsplan) -> tuple[str, ...]:
    """What the plan's page is rendered from (core.versions): its Kommune's data (the plan,
    its measures and comments, the school's risk assessments, contacts, messages), the shared
    programme templates, matrices and measure suggestions, and people's names."""
    return (
        versions.sted(plan.kommune_id), "felles:handlingsplan", "felles:veiledning", "felles:risikovurdering",
        "felles:accounts",
    )  # fmt: skip


def _svar_form(plan: Handlingsplan, data=None) -> SvarForm:
    title, questions = _questions(plan)
    form = SvarForm(data, questions=questions, initial=plan.svar)
    form.title = title
    return form


def _detail_context(request, plan: Handlingsplan, form, can_write: bool) -> dict:
    party = selectors.parties_kontakt(user=request.user, plan=plan)
    form = form or _svar_form(plan)
    return {
        "plan": plan,
        "title": form.title,
        "form": form,
        "can_write": can_write,
        "tiltak": plan.tiltak.prefetch_related("statusendringer__av").select_related("ansvarlig_kontakt"),
        "status_choices": [(value, str(label)) for value, label in Tiltak.Status.choices],
        "rows": selectors.rows_needing_measures(plan=plan, language=content_language()),
        "meldinger": selectors.meldinger_for_skole(skole=plan.skole)[:5] if plan.skole_id else [],
        "kommune_plan": selectors.planer_with_content_for(user=request.user)
        .filter(kommune=plan.kommune, skole__isnull=True)
        .first()
        if plan.skole_id
        else None,
        "medvirkning": plan.medvirkning.select_related("kontakt"),
        "kommentarer": plan.kommentarer.select_related("av"),
        "party": party,
        "has_confirmed": party is not None and plan.medvirkning.filter(kontakt=party).exists(),
        "kommentar_form": KommentarForm() if party else None,
        "crumb_oversikt": selectors.overview_is_for(user=request.user, kommune=plan.kommune),
        **regelverk_panel(plan.kommune),
    }


@login_required
def tiltak_new(request, pk: int):
    plan = _plan(request, pk, write=True)
    rows = selectors.linkable_rows(plan=plan)
    initial = {}
    rad, forslag_pk = parse_id(request.GET.get("rad"), default=None), parse_id(request.GET.get("forslag"), default=None)
    if rad:
        initial["risikoforhold"] = rows.filter(pk=rad)
    forslag = Tiltaksforslag.objects.filter(pk=forslag_pk).first() if forslag_pk else None
    if forslag:
        initial.update(
            {"beskrivelse": tekst(forslag.tekst, content_language()), "omrade": forslag.omrade, "type": forslag.type}
        )
    form = TiltakForm(request.POST or None, plan=plan, rows=rows, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _measure_saved(form, services.tiltak_create, plan=plan, by=request.user)
    ):
        messages.success(request, _("Tiltaket er lagt til."))
        return redirect(reverse("handlingsplan:detail", args=[pk]) + "#tiltak")
    context = {
        "plan": plan, "form": form, "forslag": services.forslag_standard(), "language": content_language(),
        "rad": rad or "",
    }  # fmt: skip
    return render(request, "handlingsplan/tiltak_form.html", context)


def _measure_saved(form: TiltakForm, save, **kwargs) -> bool:
    linked = form.cleaned_data["risikoforhold"]
    return _saved(form, save, fields=_data(form, "risikoforhold"), risikoforhold=linked, **kwargs)


@login_required
def tiltak_edit(request, pk: int):
    tiltak = get_object_or_404(Tiltak.objects.filter(plan__in=selectors.planer_for(user=request.user)), pk=pk)
    plan = _plan(request, tiltak.plan_id, write=True)
    form = TiltakForm(request.POST or None, instance=tiltak, plan=plan, rows=selectors.linkable_rows(plan=plan))
    if (
        request.method == "POST"
        and form.is_valid()
        and _measure_saved(form, services.tiltak_update, tiltak=tiltak, by=request.user)
    ):
        messages.success(request, _("Tiltaket er lagret."))
        return redirect(reverse("handlingsplan:detail", args=[plan.pk]) + "#tiltak")
    return render(request, "handlingsplan/tiltak_form.html", {"plan": plan, "form": form, "tiltak": tiltak})


@login_required
@require_POST
def tiltak_status(request, pk: int):
    """A measure's new status, from its card on the plan. On an error the form comes back on
    a page of its own, with the comment as typed (and the box to confirm it, §4)."""
    tiltak = get_object_or_404(Tiltak.objects.filter(plan__in=selectors.planer_for(user=request.user)), pk=pk)
    plan = _plan(request, tiltak.plan_id, write=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.tiltak_set_status(
                tiltak=tiltak, status=form.cleaned_data["status"], kommentar=form.cleaned_data["kommentar"],
                by=request.user, bekreftet=form.cleaned_data.get("bekreft", False),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Status er endret."))
            return redirect(reverse("handlingsplan:detail", args=[plan.pk]) + f"#tiltak-{tiltak.pk}")
    context = {"plan": plan, "tiltak": tiltak, "form": form}
    return render(request, "handlingsplan/tiltak_status.html", context, status=400)


@login_required
@require_POST
def medvirkning(request, pk: int):
    plan = _plan(request, pk)
    party = selectors.parties_kontakt(user=request.user, plan=plan)
    if party is None:
        raise PermissionDenied
    if "tekst" in request.POST:
        form = KommentarForm(request.POST)
        if form.is_valid():
            try:
                services.kommentar_create(
                    plan=plan, tekst=form.cleaned_data["tekst"], by=request.user,
                    bekreftet=form.cleaned_data["bekreft"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Kommentaren er lagret."))
                return redirect(reverse("handlingsplan:detail", args=[pk]) + "#medvirkning")
        return render(request, "handlingsplan/kommentar.html", {"plan": plan, "form": form}, status=400)
    else:
        services.medvirkning_bekreft(plan=plan, kontakt=party, by=request.user)
        messages.success(request, _("Takk. Medvirkningen din er registrert."))
    return redirect("handlingsplan:detail", pk)


@login_required
def oversikt(request, orgnr: str):
    """The Kommune's schools' plans side by side; a message to every school's plan page."""
    kommune = get_object_or_404(oversikt_kommuner_for(user=request.user), orgnr=orgnr)
    can_post = selectors.can_start_for_kommune(user=request.user, kommune=kommune)
    skoler = skoler_for(user=request.user).filter(kommune=kommune).order_by("navn")
    form = MeldingForm(request.POST or None, skoler=skoler) if can_post else None
    if request.method == "POST":
        if not can_post:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.melding_create(
                    kommune=kommune, tekst=form.cleaned_data["tekst"], skoler=form.cleaned_data["skoler"],
                    by=request.user, bekreftet=form.cleaned_data.get("bekreft", False),
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Meldingen vises nå på planene til skolene du valgte."))
                return redirect("handlingsplan:oversikt", orgnr)
    context = {"kommune": kommune, "form": form, **selectors.kommune_overview(user=request.user, kommune=kommune)}
    return render(request, "handlingsplan/oversikt.html", context)


@login_required
def pdf(request, pk: int):
    plan = _plan(request, pk)
    return serve_report(
        request, kind="handlingsplan", object_id=plan.pk, language=content_language(),
        version=reports.plan_version(plan),
        title=_("Handlingsplan: %(eier)s") % {"eier": plan}, back=reverse("handlingsplan:detail", args=[pk]),
        filename=f"handlingsplan-{plan.pk}.pdf",
    )  # fmt: skip


@login_required
def xlsx(request, pk: int):
    plan = _plan(request, pk)
    return _xlsx_response(reports.timeline_xlsx([plan], content_language()), f"tiltak-{plan.pk}.xlsx")


@login_required
def kommune_xlsx(request, orgnr: str):
    kommune = get_object_or_404(oversikt_kommuner_for(user=request.user), orgnr=orgnr)
    plans = list(selectors.planer_with_content_for(user=request.user).filter(kommune=kommune))
    if not plans and request.user.sees_all:
        raise PermissionDenied
    return _xlsx_response(reports.timeline_xlsx(plans, content_language()), f"tiltak-{kommune.nummer}.xlsx")


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def statusforesporsler(request, orgnr: str):
    """The Kommune asks chosen schools how their prevention work goes, and reads the answers."""
    kommune = get_object_or_404(oversikt_kommuner_for(user=request.user), orgnr=orgnr)
    foresporsler = selectors.statusforesporsler_for(user=request.user, kommune=kommune)
    can_ask = selectors.can_start_for_kommune(user=request.user, kommune=kommune)
    if not selectors.can_see_statusforesporsler(user=request.user, kommune=kommune):
        raise PermissionDenied
    skoler = skoler_for(user=request.user).filter(kommune=kommune).order_by("navn")
    form = StatusforesporselForm(request.POST or None, skoler=skoler) if can_ask else None
    if request.method == "POST":
        if not can_ask:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.statusforesporsel_create(
                    kommune=kommune, sporsmal=form.cleaned_data["sporsmal"], skoler=form.cleaned_data["skoler"],
                    by=request.user, bekreftet=form.cleaned_data.get("bekreft", False),
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Spørsmålet er sendt til skolene du valgte."))
                return redirect("handlingsplan:statusforesporsler", orgnr)
    context = {"kommune": kommune, "form": form, "foresporsler": foresporsler}
    return render(request, "handlingsplan/statusforesporsler.html", context)


@login_required
def statussvar(request, pk: int, skole_pk: int):
    """A school's HMS-gruppe answers a status request (from its home page)."""
    skole = get_object_or_404(skoler_for(user=request.user), pk=skole_pk)
    foresporsel = get_object_or_404(Statusforesporsel.objects.filter(skoler=skole), pk=pk)
    entry = next(
        (
            e
            for e in selectors.statusforesporsler_til_skole(user=request.user, skole=skole)
            if e["foresporsel"] == foresporsel
        ),
        None,
    )
    if entry is None or not entry["kan_svare"]:
        raise PermissionDenied
    initial = {"tekst": entry["svar"].tekst} if entry["svar"] else None
    form = StatussvarForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.statussvar_save(
                foresporsel=foresporsel, skole=skole, tekst=form.cleaned_data["tekst"], by=request.user,
                bekreftet=form.cleaned_data.get("bekreft", False),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Svaret er sendt til kommunen."))
            return redirect("pages:home")
    return render(request, "handlingsplan/statussvar.html", {"skole": skole, "foresporsel": foresporsel, "form": form})
