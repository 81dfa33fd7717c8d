import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import regelverk
from core.keep import kept_body
from core.language import content_language
from core.pagination import PARAM as PAGE_PARAM
from core.pagination import paginate
from core.parse import parse_choice, parse_id, parse_int, parse_text
from core.privacy import MayIdentify, findings
from core.report_views import serve_report
from core.templatetags.sprak import programtekst
from handlingsplan.selectors import plan_followup
from kommuner.access import Omrade, reader
from kommuner.models import Kommune
from kommuner.selectors import can_write_kommune, kommuner_for
from veiledning import selectors, services, skoleferie, steps
from veiledning.calendar import samling_ics
from veiledning.forms import (
    BrevForm,
    DeltakerForm,
    DeltakerVelgForm,
    EgenvurderingForm,
    ProgrammalForm,
    SamlingForm,
    SkolerForm,
    StegForm,
)
from veiledning.models import Egenvurdering, Oppgavesvar, Samling, Veiledning
from veiledning.programmal import hovedbudskap, lenker, regelverk_keys, tekst
from veiledning.reports import LETTER_AUDIENCE, letter_context, letter_version


def _readable(request, pk: int) -> Veiledning:
    return get_object_or_404(selectors.veiledninger_for(user=request.user), pk=pk)


def _writable(request, pk: int) -> Veiledning:
    veiledning = _readable(request, pk)
    if not selectors.veiledninger_writable_for(user=request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return veiledning


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def dashboard(request):
    if not request.user.sees_all:
        raise PermissionDenied
    filters = _dashboard_filters(request)
    # Kept until the programmes, the register or the veiledere change, or the minute turns
    # (what is next and what is late move with the clock): issue 20.
    body = kept_body(
        request, "veiledning/_dashboard_body.html", lambda: _dashboard_context(request, filters),
        reader=reader(request.user), scopes=("veiledning", "kommuner", "accounts"), clock=True,
        params=("fylke", "steg", "veileder", PAGE_PARAM),
    )  # fmt: skip
    return render(request, "veiledning/dashboard.html", {"body": body})


def _dashboard_context(request, filters: dict) -> dict:
    matching = selectors.dashboard_for(user=request.user, **filters)
    page = paginate(request, matching)
    veiledninger = list(page.object_list)
    for v in veiledninger:
        v.next_samling, v.overdue = selectors.next_date(v), steps.overdue(v)
    return {
        "veiledninger": veiledninger,
        "page": page,
        "filters": filters,
        "fasilitator_for": request.user.fasilitator_for if request.user.is_fasilitator else None,
        "steg_choices": Veiledning.Steg.choices,
        **selectors.dashboard_filter_choices(user=request.user),
        "totals": selectors.totals(matching),
        "upcoming": selectors.upcoming_samlinger_for(user=request.user),
    }


def _dashboard_filters(request) -> dict[str, str]:
    """The filters as the select boxes send them; kept as text for the page's links."""
    veileder = parse_id(request.GET.get("veileder"), default=None)
    return {
        "fylke": parse_text(request.GET.get("fylke"), max_length=Kommune._meta.get_field("fylke").max_length),
        "steg": parse_choice(request.GET.get("steg"), choices=Veiledning.Steg.values, default=""),
        "veileder": str(veileder) if veileder else "",
    }


@login_required
def create(request, orgnr: str):
    """A veileder starts a Veiledning for a Kommune in the register that has none running."""
    if not request.user.sees_all:
        raise PermissionDenied
    kommune = get_object_or_404(kommuner_for(user=request.user), orgnr=orgnr)
    form = SkolerForm(request.POST or None, kommune=kommune, initial={"skoler": kommune.skoler.all()})
    if request.method == "POST" and form.is_valid():
        try:
            veiledning = services.veiledning_create(
                kommune=kommune, veiledere=[request.user], skoler=form.cleaned_data["skoler"], by=request.user
            )
        except ValidationError as error:
            if not selectors.running_for(kommune=kommune):  # that one is said above the form
                form.add_error(None, error)
        else:
            messages.success(request, _("Veiledningen for %(kommune)s er opprettet.") % {"kommune": kommune.navn})
            return redirect("veiledning:detail", veiledning.pk)
    context = {"form": form, "kommune": kommune, "running": selectors.running_for(kommune=kommune)}
    if context["running"]:
        context["running_readable"] = _readable_or_none(request, context["running"].pk)
    return render(request, "veiledning/create.html", context)


def _readable_or_none(request, pk: int) -> Veiledning | None:
    return selectors.veiledninger_for(user=request.user).filter(pk=pk).first()


def _programmal_kommune(request, orgnr: str) -> Kommune:
    """The Kommune whose own template the user adapts: its facilitator's, or any for an
    admin. Another Kommune's is not found; a Kommune the user sees otherwise is refused."""
    kommune = get_object_or_404(kommuner_for(user=request.user), orgnr=orgnr)
    if not selectors.programmal_may_adapt(user=request.user, kommune=kommune):
        raise PermissionDenied
    return kommune


@login_required
def programmal(request, orgnr: str):
    """Vår programmal: the Kommune's own copy of the programme template, which its
    facilitator adapts (agenda titles and times, learning goals). Saving makes the next
    version; programmes already started keep theirs."""
    kommune = _programmal_kommune(request, orgnr)
    own = selectors.programmal_own(kommune)
    form = ProgrammalForm(request.POST or None, programmal=own) if own is not None else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                saved = services.programmal_adapt(
                    programmal=own, agenda=form.agenda(), laeringsmal=form.laeringsmal(), by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if saved.pk == own.pk:
                    messages.info(request, _("Ingen endringer å lagre."))
                else:
                    messages.success(request, _("Programmalen er lagret som versjon %(v)s.") % {"v": saved.versjon})
                return redirect("veiledning:programmal", kommune.orgnr)
    context = {
        "kommune": kommune,
        "own": own,
        "form": form,
        "grunnmal": selectors.programmal_of(kommune) if own is None else None,
        "running": selectors.running_for(kommune=kommune),
    }
    invalid = form is not None and form.errors
    return render(request, "veiledning/programmal.html", context, status=400 if invalid else 200)


@login_required
@require_POST
def programmal_kopier(request, orgnr: str):
    kommune = _programmal_kommune(request, orgnr)
    had = selectors.programmal_own(kommune) is not None
    services.programmal_copy_for(kommune=kommune, by=request.user)
    if not had:
        messages.success(request, _("%(kommune)s har nå sin egen kopi av programmalen.") % {"kommune": kommune.navn})
    return redirect("veiledning:programmal", kommune.orgnr)


@login_required
@require_POST
def delete(request, pk: int):
    """A Veiledning started by mistake, still planned and sent to nobody, is deleted."""
    veiledning = _writable(request, pk)
    kommune = veiledning.kommune
    try:
        services.veiledning_delete(veiledning=veiledning, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("veiledning:detail", pk)
    messages.success(request, _("Veiledningen for %(kommune)s er slettet.") % {"kommune": kommune.navn})
    return redirect(kommune.get_absolute_url())


@login_required
def detail(request, pk: int):
    veiledning = _readable(request, pk)
    can_write = selectors.veiledninger_writable_for(user=request.user).filter(pk=pk).exists()
    samlinger = {s.type: s for s in veiledning.samlinger.all()}
    nxt = steps.next_step(veiledning.steg)
    context = {
        "veiledning": veiledning,
        "can_write": can_write,
        "samlinger": [(t, label, samlinger.get(t)) for t, label in Samling.Type.choices],
        "skoler": selectors.skoler_med_tilgang(user=request.user, veiledning=veiledning),
        "steg_form": StegForm(initial={"til": nxt}) if can_write else None,
        "next_step": nxt,
        "missing": steps.missing_for(veiledning, nxt) if nxt else [],
        "stegendringer": veiledning.stegendringer.select_related("av"),
        "endring": selectors.egenvurdering_endring(user=request.user, veiledning=veiledning),
        "oppfolging": plan_followup(user=request.user, veiledning=veiledning),
        "deletable": can_write and not services.veiledning_deletable(veiledning),
        "sent_to": selectors.sent_recipients(veiledning)[0],
        "sent_cc": selectors.sent_recipients(veiledning)[1],
    }
    return render(request, "veiledning/detail.html", context)


@login_required
def skoler(request, pk: int):
    veiledning = _writable(request, pk)
    form = SkolerForm(request.POST or None, kommune=veiledning.kommune, initial={"skoler": veiledning.skoler.all()})
    if request.method == "POST" and form.is_valid():
        services.veiledning_set_skoler(veiledning=veiledning, skoler=form.cleaned_data["skoler"], by=request.user)
        messages.success(request, _("Skolene er lagret."))
        return redirect("veiledning:detail", pk)
    return render(request, "veiledning/skoler.html", {"form": form, "veiledning": veiledning})


@login_required
@require_POST
def steg(request, pk: int):
    veiledning = _writable(request, pk)
    form = StegForm(request.POST)
    if form.is_valid():
        try:
            services.veiledning_set_steg(
                veiledning=veiledning, til=form.cleaned_data["til"], grunn=form.cleaned_data["grunn"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Steget er endret."))
    else:
        messages.error(request, _("Velg et gyldig steg."))
    return redirect("veiledning:detail", pk)


@login_required
def brev(request, pk: int):
    """Preview the letter as HTML, set "Vår ref." and målform, and send it."""
    veiledning = _writable(request, pk)
    form = BrevForm(request.POST or None, initial={"var_ref": veiledning.var_ref, "brevform": veiledning.brevform})
    if request.method == "POST" and form.is_valid():
        veiledning = services.veiledning_update_brev(
            veiledning=veiledning,
            var_ref=form.cleaned_data["var_ref"],
            brevform=form.cleaned_data["brevform"],
            by=request.user,
        )
        messages.success(request, _("Brevet er oppdatert."))
        return redirect("veiledning:brev", pk)
    to, cc = services.brev_recipients(veiledning)
    sent_to, sent_cc = selectors.sent_recipients(veiledning)
    context = {
        "form": form,
        "veiledning": veiledning,
        "to": to,
        "cc": cc,
        "sent_to": sent_to,
        "sent_cc": sent_cc,
        "resendings": services.brev_resendings(veiledning),
        "new_cc": [e for e in cc if e not in sent_cc],
        "can_add_kontakt": can_write_kommune(user=request.user, kommune=veiledning.kommune),
        **letter_context(veiledning),
    }
    return render(request, "veiledning/brev_preview.html", context)


@login_required
@require_POST
def brev_resend(request, pk: int):
    veiledning = _writable(request, pk)
    try:
        veiledning = services.brev_resend(veiledning=veiledning, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Brevet er sendt på nytt til %(mottakere)s.") % {"mottakere": ", ".join(veiledning.brev_mottakere)},
        )
    return redirect("veiledning:brev", pk)


@login_required
def brev_pdf(request, pk: int):
    """The letter as PDF/A, made in a job and cached like every report."""
    veiledning = _writable(request, pk)
    return serve_report(
        request, kind="brev", object_id=veiledning.pk, language=veiledning.letter_language,
        version=letter_version(veiledning), audience=LETTER_AUDIENCE,
        title=_("Invitasjonsbrev"),
        back=reverse("veiledning:brev", args=[pk]), filename=f"invitasjon-{veiledning.kommune.nummer}.pdf",
    )  # fmt: skip


@login_required
@require_POST
def brev_send(request, pk: int):
    veiledning = _writable(request, pk)
    try:
        services.brev_send(veiledning=veiledning, by=request.user)
    except services.LetterSent as error:
        if timezone.now() - error.at >= services.RESEND_PAUSE:
            messages.error(request, _error_text(error))
            return redirect("veiledning:brev", pk)
        # The second click of a double click: the first one's message may never reach the page.
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("veiledning:brev", pk)
    messages.success(request, _("Brevet er sendt. Veiledningen står nå på steget «invitert»."))
    return redirect("veiledning:detail", pk)


@login_required
def samling_edit(request, pk: int, type: str):
    veiledning = _writable(request, pk)
    if type not in Samling.Type.values:
        raise Http404
    samling = veiledning.samlinger.filter(type=type).first()
    form = SamlingForm(request.POST or None, initial=SamlingForm.initial_for(samling))
    if request.method == "POST" and form.is_valid():
        try:
            samling = services.samling_schedule(
                veiledning=veiledning,
                type=type,
                start=form.aware("start_tid"),
                slutt=form.aware("slutt_tid"),
                sted=form.cleaned_data["sted"],
                teams_lenke=form.cleaned_data["teams_lenke"],
                notater=form.cleaned_data["notater"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(samling)s er lagret.") % {"samling": samling.get_type_display().capitalize()}
            )
            if warning := skoleferie.not_a_school_day(timezone.localtime(samling.start).date()):
                messages.warning(request, warning)  # the veileder's choice stands
            return redirect("veiledning:detail", pk)
    context = {"form": form, "veiledning": veiledning, "samling": samling, "type_label": Samling.Type(type).label}
    return render(request, "veiledning/samling_form.html", context)


@login_required
@require_POST
def samling_avlys(request, pk: int):
    samling = get_object_or_404(selectors.samlinger_for(user=request.user), pk=pk)
    _writable(request, samling.veiledning_id)
    services.samling_cancel(samling=samling, by=request.user)
    messages.success(
        request,
        _("%(samling)s er avlyst, og påminnelsene er stoppet.") % {"samling": samling.get_type_display().capitalize()},
    )
    return redirect("veiledning:detail", samling.veiledning_id)


@login_required
def samling_ics_download(request, pk: int):
    samling = get_object_or_404(selectors.samlinger_for(user=request.user), pk=pk)
    response = HttpResponse(samling_ics(samling), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{samling.type}-{samling.veiledning.kommune.nummer}.ics"'
    return response


def _deltakere_lagt_til(n: int) -> str:
    return ngettext("%(n)s deltaker er lagt til.", "%(n)s deltakere er lagt til.", n) % {"n": n}


@login_required
def deltakere(request, pk: int):
    samling = get_object_or_404(selectors.samlinger_for(user=request.user), pk=pk)
    veiledning = samling.veiledning
    can_write = selectors.veiledninger_writable_for(user=request.user).filter(pk=veiledning.pk).exists()
    forrige = selectors.forrige_samling(samling) if can_write else None
    forslag = selectors.deltaker_forslag(samling=samling) if can_write else []
    velg_kwargs = {"forslag": forslag, "forrige_navn": forrige.get_type_display() if forrige else ""}
    velg = DeltakerVelgForm(**velg_kwargs) if can_write else None
    form = None
    if can_write:
        form = DeltakerForm(request.POST if "navn" in request.POST else None, veiledning=veiledning)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if "hms_grupper" in request.POST:
            added = services.deltakere_add_hms_grupper(samling=samling, by=request.user)
            if added:
                messages.success(request, _deltakere_lagt_til(added))
            else:
                messages.warning(
                    request,
                    _("Ingen deltakere er lagt til. %(grunn)s")
                    % {"grunn": selectors.hms_grupper_mangler(samling=samling)},
                )
            return redirect("veiledning:deltakere", pk)
        if "navn" not in request.POST:
            velg = DeltakerVelgForm(request.POST, **velg_kwargs)
            if velg.is_valid():
                kontakter = [f["person"] for f in forslag if f["kilde"] == "kontakt"]
                fra = [f["person"] for f in forslag if f["kilde"] == "forrige"]
                added = services.deltakere_add_chosen(
                    samling=samling,
                    kontakter=[k for k in kontakter if k.pk in velg.cleaned_data.get("kontakter", [])],
                    fra_deltakere=[d for d in fra if d.pk in velg.cleaned_data.get("forrige", [])],
                    by=request.user,
                )
                messages.success(request, _deltakere_lagt_til(added))
                return redirect("veiledning:deltakere", pk)
        elif form.is_valid():
            try:
                services.deltaker_add(samling=samling, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(navn)s er registrert.") % {"navn": form.cleaned_data["navn"]})
                return redirect("veiledning:deltakere", pk)
    context = {
        "samling": samling,
        "veiledning": veiledning,
        "deltakere": selectors.deltakere_for(user=request.user, samling=samling),
        "form": form,
        "velg": velg,
        "can_write": can_write,
    }
    return render(request, "veiledning/deltakere.html", context)


@login_required
@require_POST
def deltaker_remove(request, pk: int, deltaker_pk: int):
    samling = get_object_or_404(selectors.samlinger_for(user=request.user), pk=pk)
    if not selectors.veiledninger_writable_for(user=request.user).filter(pk=samling.veiledning_id).exists():
        raise PermissionDenied
    deltaker = get_object_or_404(samling.deltakere, pk=deltaker_pk)
    try:
        services.deltaker_remove(deltaker=deltaker, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(navn)s er fjernet fra samlingen.") % {"navn": deltaker.navn})
    return redirect("veiledning:deltakere", pk)


OPPMOTT = {"ja": True, "nei": False}


@login_required
@require_POST
def oppmott(request, pk: int, deltaker_pk: int):
    samling = get_object_or_404(selectors.samlinger_for(user=request.user), pk=pk)
    if not selectors.veiledninger_writable_for(user=request.user).filter(pk=samling.veiledning_id).exists():
        raise PermissionDenied
    deltaker = get_object_or_404(samling.deltakere, pk=deltaker_pk)
    # Nothing sent clears the mark; a value our buttons do not send is refused.
    choice = parse_choice(request.POST.get("oppmott"), choices=OPPMOTT, default=None)
    services.deltaker_set_oppmott(deltaker=deltaker, oppmott=OPPMOTT.get(choice), by=request.user)
    return redirect("veiledning:deltakere", pk)


def _seminar_context(veiledning: Veiledning, user) -> dict:
    skoler = list(selectors.skoler_in(veiledning=veiledning, user=user))
    return {
        "veiledning": veiledning,
        "oppgaver": selectors.oppgaver_med_svar(veiledning=veiledning, skoler=skoler, language=content_language()),
        "skoler": skoler,
    }


def _kommune_oppgaver(innhold: dict, language: str) -> list[dict]:
    """The tasks for the kommuneledelse, BHT and others, as the template words them."""
    return [
        {
            "key": oppgave["key"],
            "tittel": tekst(oppgave["tittel"], language),
            "ingress": tekst(oppgave.get("ingress", ""), language),
            "sporsmal": [tekst(q, language) for q in oppgave.get("sporsmal", [])],
            "regel": regelverk.paragraf_med_tidligere(oppgave["regel"]) if oppgave.get("regel") else "",
            "lenker": lenker(innhold, language, oppgave=oppgave["key"]),
        }
        for oppgave in innhold.get("oppgaver", [])
        if oppgave.get("for") == "kommune"
    ]


@login_required
def seminar(request, pk: int):
    """The veileder's projector view, one part of the day at a time: the agenda with the
    current item, each group task with the answers as they arrive, the kommuneledelse's
    task, the take-home packages, the evaluation's QR code (a page of its own, without the
    site's navigation; static/js/seminar.js moves between the parts)."""
    veiledning = _writable(request, pk)
    language = content_language()
    innhold = veiledning.programmal.innhold
    seminar_context = _seminar_context(veiledning, request.user)
    evaluering = selectors.seminar_evaluering(veiledning)
    context = {
        **seminar_context,
        "oppgave_deler": [(oppgave, [oppgave]) for oppgave in seminar_context["oppgaver"]],
        "kommune_oppgaver": _kommune_oppgaver(innhold, language),
        "evaluering_url": settings.SITE_URL + reverse("evaluering:svar", args=[evaluering.token]) if evaluering else "",
        "agenda": [{**item, "tittel": tekst(item["tittel"], language)} for item in innhold["agenda"]],
        "laeringsmal": [tekst(m, language) for m in innhold["laeringsmal"]],
        "current": selectors.current_agenda_index(veiledning, innhold["agenda"]),
        "evaluering": evaluering,
        "hjelp": [
            tekst(innhold["hjelpetekster"][key], language)
            for key in ("definisjoner", "hva_meldes_hvor", "nivaer")
            if key in innhold.get("hjelpetekster", {})
        ],
        **_regelverk_context(innhold, language),
        # Where the deck has its regulation slides: before the task they lead into.
        "regelverk_foran": innhold.get("regelverk_foran", ""),
        "regelverk_plassert": any(o["key"] == innhold.get("regelverk_foran") for o in seminar_context["oppgaver"]),
        "ta_med": _ta_med(innhold, language),
    }
    return render(request, "veiledning/seminar.html", context)


def _regelverk_context(innhold: dict, language: str) -> dict:
    """The seminar's "Regelverket" part, where the deck shows the regulation slides: the
    main messages, each paragraph in force with the deck's notes to it, the crossing acts
    and who works together (core.regelverk decides the numbers; the template the notes)."""
    notes = innhold.get("hjelpetekster", {})
    references = regelverk.panel_for(regelverk_keys(innhold), language=language)
    paragraphs = [
        {**r, "merknad": tekst(notes[r["tema"]], language) if r["tema"] in notes else ""}
        for r in references
        if r["kilde"] == "fua"
    ]
    return {
        "hovedbudskap": hovedbudskap(innhold, language),
        "regelverk": paragraphs,  # the chapter: a part each, as the deck has a slide each
        "regelverk_andre": [r for r in references if r["kilde"] != "fua"],
        "regelverk_kilde": regelverk.kapittel_navn(language=language),
        "regelverk_tekster": [
            tekst(notes[key], language) for key in ("kryssende_lovverk", "samarbeid") if key in notes
        ],
    }


def _ta_med(innhold: dict, language: str) -> list[dict]:
    """The take-home suggestions, each step with the material it uses (films, tools)."""
    return [
        {
            "tittel": tekst(p["tittel"], language),
            "hovedbudskap": tekst(p.get("hovedbudskap", ""), language),
            "steg": [
                {"tekst": tekst(s, language), "lenker": lenker(innhold, language, ta_med=p["key"], steg=i)}
                for i, s in enumerate(p["steg"])
            ],
        }
        for p in innhold.get("ta_med", [])
    ]


@login_required
def seminar_svar(request, pk: int):
    """The answers part of the seminar view, polled by htmx: one task's (?oppgave=key) on
    its part of the view, or every task's."""
    veiledning = _writable(request, pk)
    context = _seminar_context(veiledning, request.user)
    keys = [oppgave["key"] for oppgave in context["oppgaver"]]
    key = parse_choice(request.GET.get("oppgave"), choices=keys, default="")
    if key:
        context = {**context, "oppgaver": [o for o in context["oppgaver"] if o["key"] == key], "enkelt": True}
    return render(request, "veiledning/_seminar_svar.html", context)


def _oppgaver_access(request, pk: int, skole_pk: int):
    veiledning = _readable(request, pk)
    skole = get_object_or_404(selectors.skoler_in(veiledning=veiledning, user=request.user), pk=skole_pk)
    access = selectors.skole_tilgang(user=request.user, veiledning=veiledning, skole=skole, omrade=Omrade.OPPGAVESVAR)
    if not access.innhold:
        raise PermissionDenied
    return veiledning, skole, access.skrive


def _box(oppgave: str, index: int) -> str:
    """One answer box's name in the form: tekst__<task>__<question> (and versjon__…, hash__…)."""
    return f"{oppgave}__{index}"


def _text_hash(text: str) -> str:
    """What the box held when the page was made: a box left as it was is not saved again
    (so a whole-page save never overwrites what someone else saved meanwhile)."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _save_boxes(request, veiledning: Veiledning, skole, oppgaver: list[dict]) -> dict[str, dict]:
    """Save every box the request brings, each on its own version; a box whose text is the
    one the page showed is left alone. Returns per box what happened."""
    outcome: dict[str, dict] = {}
    boxes = {_box(o["key"], q["index"]) for o in oppgaver for q in o["sporsmal"]}
    unknown = [k for k in request.POST if k.startswith("tekst__") and k.removeprefix("tekst__") not in boxes]
    if unknown:  # a box of no task of this programme (or of the Kommune's task): say so
        outcome[unknown[0]] = {"error": _("Ukjent oppgave eller spørsmål."), "mine": request.POST[unknown[0]]}
    for oppgave in oppgaver:
        for q in oppgave["sporsmal"]:
            name = _box(oppgave["key"], q["index"])
            if f"tekst__{name}" not in request.POST:
                continue
            mine = request.POST[f"tekst__{name}"]
            shown = request.POST.get(f"hash__{name}")
            if shown is not None and shown == _text_hash(mine):
                continue
            versjon = parse_int(request.POST.get(f"versjon__{name}"), lo=0, hi=2**31 - 1, default=0)
            if f"behold__{name}" in request.POST:  # seen both versions, keeps their own text
                versjon = parse_int(request.POST.get(f"behold__{name}"), lo=0, hi=2**31 - 1, default=versjon)
            # A tick confirms the text it was shown for (its hash), not whatever is typed later.
            bekreftet = request.POST.get(f"bekreft__{name}") == _text_hash(mine)
            try:
                svar = services.oppgavesvar_save(
                    veiledning=veiledning, skole=skole, oppgave=oppgave["key"], sporsmal=q["index"],
                    tekst=mine, versjon=versjon, by=request.user, bekreftet=bekreftet,
                )  # fmt: skip
            except services.StaleVersion as error:
                outcome[name] = {"conflict": error.stored, "mine": mine, "versjon": versjon}
            except MayIdentify as error:  # the group corrects it, or confirms it names nobody
                outcome[name] = {"held": error.held["tekst"], "mine": mine}
            except ValidationError as error:  # too long: say why, keep the text
                outcome[name] = {"error": " ".join(error.messages), "mine": mine}
            else:
                # Confirmed and still flagged: the box to confirm stays as the person ticked it.
                outcome[name] = {"saved": svar, "confirmed": bekreftet and bool(findings(mine))}
    return outcome


def _with_boxes(oppgaver: list[dict], outcome: dict[str, dict], posted) -> list[dict]:
    """Each question with its box: the text to show (what was typed, when the page comes
    back), the version and hash to send next, and its conflict or error."""
    for oppgave in oppgaver:
        for q in oppgave["sporsmal"]:
            name = _box(oppgave["key"], q["index"])
            result = outcome.get(name, {})
            stored = result.get("conflict") or result.get("saved") or q["mitt"]
            stored_text = stored.tekst if stored else ""
            kept = posted is not None and "saved" not in result and name in outcome  # refused: keep what was typed
            q.update(
                name=name,
                verdi=posted[f"tekst__{name}"] if kept else stored_text,
                # After a conflict the next save is refused again until the person chooses.
                versjon=result["versjon"] if "conflict" in result else stored.versjon if stored else 0,
                hash=_text_hash(stored_text),
                conflict=result.get("conflict"),
                error=result.get("error"),
                held=result.get("held"),
                held_hash=_text_hash(result["mine"]) if "held" in result else "",
                confirmed=result.get("confirmed"),
            )
    return oppgaver


@login_required
def oppgaver(request, pk: int, skole_pk: int):
    """The school group types its answers, on its own device, during the day. With
    JavaScript each box saves itself as the group types (oppgaver_autosave); without,
    one button saves every box at once. Nothing typed in one box is lost by saving another."""
    veiledning, skole, can_write = _oppgaver_access(request, pk, skole_pk)
    language = content_language()
    oppgaver = selectors.oppgaver_med_svar(veiledning=veiledning, skoler=[skole], language=language)
    outcome: dict[str, dict] = {}
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        outcome = _save_boxes(request, veiledning, skole, oppgaver)
        problems = [o for o in outcome.values() if "saved" not in o]
        if not problems:
            messages.success(request, _("Svarene er lagret."))
            return redirect(request.path)
        oppgaver = selectors.oppgaver_med_svar(veiledning=veiledning, skoler=[skole], language=language)
    conflict = any(o.get("conflict") for o in outcome.values())
    invalid = any(o.get("error") or o.get("held") for o in outcome.values())
    for name, result in outcome.items():
        if name.startswith("tekst__"):  # no box to show it at
            messages.error(request, result["error"])
    context = {
        "veiledning": veiledning,
        "skole": skole,
        "oppgaver": _with_boxes(oppgaver, outcome, request.POST if outcome else None),
        "can_write": can_write,
        "conflict": conflict,
        "invalid": invalid,
        "tekst_max": Oppgavesvar._meta.get_field("tekst").max_length,
        "autosave_url": reverse("veiledning:oppgaver_autosave", args=[veiledning.pk, skole.pk]),
    }
    return render(request, "veiledning/oppgaver.html", context, status=409 if conflict else 400 if invalid else 200)


@login_required
@require_POST
def oppgaver_autosave(request, pk: int, skole_pk: int):
    """One box, saved as the group types (htmx): its status, and its new version and hash."""
    veiledning, skole, can_write = _oppgaver_access(request, pk, skole_pk)
    if not can_write:
        raise PermissionDenied
    oppgaver = selectors.oppgaver_med_svar(veiledning=veiledning, skoler=[skole], language=content_language())
    outcome = _save_boxes(request, veiledning, skole, oppgaver)
    boxes = [q for o in _with_boxes(oppgaver, outcome, request.POST) for q in o["sporsmal"] if q["name"] in outcome]
    context = {"boxes": boxes, "autosave_url": request.path}
    return render(request, "veiledning/_oppgave_autosave.html", context)


@login_required
def egenvurdering(request, pk: int, skole_pk: int, fase: str):
    veiledning = _readable(request, pk)
    if fase not in Egenvurdering.Fase.values:
        raise Http404
    skole = get_object_or_404(selectors.skoler_in(veiledning=veiledning, user=request.user), pk=skole_pk)
    access = selectors.skole_tilgang(user=request.user, veiledning=veiledning, skole=skole, omrade=Omrade.EGENVURDERING)
    if not access.innhold:
        raise PermissionDenied
    can_write = access.skrive
    language = content_language()
    punkter = [  # a point of "type": "nivaer" is answered by ticking the levels
        (p["key"], programtekst(tekst(p["tekst"], language)), p.get("type", ""))  # lang="nb" on an English page
        for p in veiledning.programmal.innhold["egenvurdering"]
    ]
    existing = veiledning.egenvurderinger.filter(skole=skole, fase=fase).first()
    initial = {**EgenvurderingForm.initial_from(existing.svar), "ferdig": existing.ferdig} if existing else {}
    form = EgenvurderingForm(request.POST or None, punkter=punkter, initial=initial)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.egenvurdering_save(
                    veiledning=veiledning, skole=skole, fase=fase, svar=form.answers(),
                    ferdig=form.cleaned_data["ferdig"], by=request.user,
                    bekreftet=form.cleaned_data.get("bekreft", False),
                )  # fmt: skip
            except MayIdentify as error:  # shown at the point's comment
                for key, why in error.message_dict.items():
                    form.add_error(f"{key}__kommentar", why)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Egenvurderingen er lagret."))
                return redirect("veiledning:egenvurdering", pk, skole.pk, fase)
    context = {
        "veiledning": veiledning,
        "skole": skole,
        "form": form,
        "fase_label": Egenvurdering.Fase(fase).label,
        "can_write": can_write,
        "existing": existing,
        "svar_i_ord": form.in_words(existing.svar if existing else {}),
    }
    return render(request, "veiledning/egenvurdering.html", context)
