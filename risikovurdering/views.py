from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import keep, versions
from core.language import content_language
from core.parse import BadValue, parse_choice, parse_id, parse_int
from core.privacy import findings
from core.report_views import serve_report
from kommuner.access import reader
from kommuner.selectors import skoler_for
from risikovurdering import reports, selectors, services
from risikovurdering.forms import HeaderForm, KommentarForm, NyVurderingForm, RadForm
from risikovurdering.matrix import risk_level
from risikovurdering.models import Risikoforhold, Risikovurdering
from veiledning.selectors import regelverk_panel


def _vurdering(request, pk: int) -> Risikovurdering:
    vurdering = selectors.vurdering_for(user=request.user, pk=pk)
    if vurdering is None:
        raise Http404
    return vurdering


def _content(request, pk: int) -> Risikovurdering:
    vurdering = _vurdering(request, pk)
    if not selectors.can_read_content(user=request.user, vurdering=vurdering):
        raise PermissionDenied
    return vurdering


def _writable(request, pk: int) -> Risikovurdering:
    vurdering = _vurdering(request, pk)
    if not selectors.can_write(user=request.user, vurdering=vurdering):
        raise PermissionDenied
    return vurdering


def _rad(request, pk: int, *, write: bool) -> Risikoforhold:
    rad = get_object_or_404(selectors.rader_for(user=request.user), pk=pk)
    if write and not selectors.can_write(user=request.user, vurdering=rad.vurdering):
        raise PermissionDenied
    return rad


@login_required
def skole_list(request, pk: int):
    skole = get_object_or_404(skoler_for(user=request.user), pk=pk)
    can_create = selectors.can_create_for_skole(user=request.user, skole=skole)
    form = NyVurderingForm(request.POST or None) if can_create else None
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                vurdering = services.risikovurdering_create(
                    niva=form.cleaned_data["niva"], skole=skole, enhet=form.cleaned_data["enhet"],
                    ros_referanse=form.cleaned_data["ros_referanse"], by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("risikovurdering:detail", vurdering.pk)
    context = {
        "skole": skole,
        "form": form,
        "vurderinger": selectors.vurderinger_for(user=request.user).filter(skole=skole),
        "sektor": selectors.vurderinger_for(user=request.user).filter(kommune=skole.kommune, niva="sektor").first(),
    }
    return render(request, "risikovurdering/skole_list.html", context)


@login_required
def sektor_list(request, orgnr: str):
    kommune = get_object_or_404(selectors.oversikt_kommuner_for(user=request.user), orgnr=orgnr)
    can_create = selectors.can_create_sektor(user=request.user, kommune=kommune)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        vurdering = services.risikovurdering_create(niva=Risikovurdering.Niva.SEKTOR, kommune=kommune, by=request.user)
        return redirect("risikovurdering:detail", vurdering.pk)
    context = {
        "kommune": kommune,
        "can_create": can_create,
        "vurderinger": selectors.vurderinger_for(user=request.user).filter(kommune=kommune, niva="sektor"),
    }
    return render(request, "risikovurdering/sektor_list.html", context)


@login_required
def detail(request, pk: int):
    vurdering = _vurdering(request, pk)
    can_write = selectors.can_write(user=request.user, vurdering=vurdering)
    editable = can_write and vurdering.status == Risikovurdering.Status.UTKAST
    form = HeaderForm(request.POST or None, instance=vurdering) if editable else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.risikovurdering_update(vurdering=vurdering, fields=form.cleaned_data, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Vurderingen er lagret."))
                return redirect("risikovurdering:detail", pk)
    return _render_detail(request, vurdering, form=form)


def _render_detail(request, vurdering: Risikovurdering, *, form=None, kommentar_form=None):
    """The assessment's page; with a comment that was refused, its form, text kept (400).
    A page with no refused form is kept until the data it shows changes (issue 20)."""
    refused = kommentar_form is not None or (form is not None and form.is_bound)
    body = keep.body(
        request, "risikovurdering/_detail_body.html",
        lambda: _detail_context(request, vurdering, form=form, kommentar_form=kommentar_form),
        keep=not refused, reader=reader(request.user), scopes=vurdering_scopes(vurdering), clock=True,
        params=("sorter", "s", "a"),
    )  # fmt: skip
    context = {"vurdering": vurdering, "body": body}
    return render(request, "risikovurdering/detail.html", context, status=400 if kommentar_form else 200)


def vurdering_scopes(vurdering: Risikovurdering) -> tuple[str, ...]:
    """What the assessment's page is rendered from (core.versions): its Kommune's data (the
    assessment, its rows, comments and history, the measures linked to them), the shared
    matrices and programme templates, people's names, and redactions of histories."""
    return (
        versions.sted(vurdering.kommune_id), "felles:risikovurdering", "felles:veiledning", "felles:accounts",
        versions.HISTORIKK,
    )  # fmt: skip


def _detail_context(request, vurdering: Risikovurdering, *, form=None, kommentar_form=None) -> dict:
    content = selectors.can_read_content(user=request.user, vurdering=vurdering)
    can_write = selectors.can_write(user=request.user, vurdering=vurdering)
    editable = can_write and vurdering.status == Risikovurdering.Status.UTKAST
    sort = parse_choice(request.GET.get("sorter"), choices=SORTS, default="")
    cell = _heatmap_cell(request, vurdering) if content else None
    own, rows = selectors.history_parts(vurdering=vurdering) if content else (None, None)
    return {
        **reports.vurdering_context(vurdering, content_language(), sort=sort, cell=cell),
        **(_fragment_keys(vurdering, sort, cell, own | rows) if content else {}),
        "heatmap_links": content,
        "content": content,
        "can_write": can_write,
        "editable": editable,
        "can_mark_ferdig": editable and selectors.can_mark_ferdig(user=request.user, vurdering=vurdering),
        "form": form,
        "history": lambda: selectors.history_in_words(  # called only when its fragment is not cached
            vurdering=vurdering, entries=selectors.merged_history(own, rows)
        ),
        "versjoner": selectors.earlier_versions(vurdering=vurdering),
        "sort": sort,
        "kommentarer": vurdering.kommentarer.select_related("av") if content else [],
        "kommentar_form": kommentar_form
        or (KommentarForm() if selectors.comment_role(user=request.user, vurdering=vurdering) else None),
        **regelverk_panel(vurdering.kommune),
    }


SORTS = ("risiko",)  # besides the default: the order rows were added


def _heatmap_cell(request, vurdering: Risikovurdering) -> tuple[int, int] | None:
    """The heat map's square the rows are filtered by (`?s=<sannsynlighet>&a=<alvorlighet>`,
    indices within the matrix); both or neither, anything else is a 400."""
    matrise = vurdering.matrise
    s = parse_int(request.GET.get("s"), lo=0, hi=len(matrise.sannsynlighet) - 1, default=None)
    a = parse_int(request.GET.get("a"), lo=0, hi=len(matrise.alvorlighet) - 1, default=None)
    if s is None and a is None:
        return None
    if s is None or a is None:
        raise BadValue("a square needs both sannsynlighet and alvorlighet")
    return s, a


def _fragment_keys(vurdering: Risikovurdering, sort: str, cell: tuple[int, int] | None, history) -> dict:
    """What the cached parts of the page (the rows table, the history) are rendered from:
    a new row, an edit, a new history entry or a redaction gives a new key; so does
    another order or another square of the heat map."""
    language, version = get_language(), reports.vurdering_version(vurdering)
    stamp = history.aggregate(n=Count("pk"), last=Max("last_at"))
    return {
        "rows_key": f"{version}:{vurdering.matrise.updated_at.isoformat()}:{language}:{sort}:{cell}",
        "history_key": f"{stamp['n']}:{stamp['last']}:{language}",
    }


@login_required
@require_POST
def kommentar(request, pk: int):
    vurdering = _content(request, pk)
    rolle = selectors.comment_role(user=request.user, vurdering=vurdering)
    if rolle is None:
        raise PermissionDenied
    form = KommentarForm(request.POST)
    if form.is_valid():
        try:
            services.kommentar_create(
                vurdering=vurdering, tekst=form.cleaned_data["tekst"], rolle=rolle, by=request.user,
                bekreftet=form.cleaned_data["bekreft"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Kommentaren er lagret."))
            return redirect(reverse("risikovurdering:detail", args=[pk]) + "#kommentarer")
    return _render_detail(request, vurdering, kommentar_form=form)


@login_required
@require_POST
def ferdig(request, pk: int):
    vurdering = _vurdering(request, pk)
    if not selectors.can_mark_ferdig(user=request.user, vurdering=vurdering):
        raise PermissionDenied
    try:
        services.risikovurdering_set_ferdig(vurdering=vurdering, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vurderingen er merket som ferdig."))
    return redirect("risikovurdering:detail", pk)


@login_required
@require_POST
def ny_versjon(request, pk: int):
    vurdering = _writable(request, pk)
    try:
        copy = services.risikovurdering_new_version(vurdering=vurdering, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("risikovurdering:detail", pk)
    messages.success(request, _("Ny versjon er startet som en kopi av den forrige."))
    return redirect("risikovurdering:detail", copy.pk)


@login_required
def rad_new(request, pk: int):
    """The form for a new row. The row is made by the first save that stores something
    (the autosave or Lagre); the saves after it carry the row's id (`rad`) and save that row."""
    vurdering = _writable(request, pk)
    if vurdering.status != Risikovurdering.Status.UTKAST:
        messages.error(request, _("Vurderingen er ferdig. Start en ny versjon for å endre den."))
        return redirect("risikovurdering:detail", pk)
    if vurdering.er_henvisning:
        messages.error(request, str(services.NO_ROWS_ON_REFERENCE))
        return redirect("risikovurdering:detail", pk)
    rad = Risikoforhold(vurdering=vurdering)
    if request.method == "POST" and request.POST.get("rad"):
        rad = _rad(request, parse_id(request.POST.get("rad")), write=True)
        if rad.vurdering_id != vurdering.pk:
            raise Http404
    if request.headers.get("HX-Request"):
        return _autosave(request, rad)
    return _rad_page(request, rad)


def _rad_fields(form: RadForm) -> dict:
    return {name: form.cleaned_data[name] for name in RadForm.Meta.fields}


@login_required
def rad(request, pk: int):
    return _rad_page(request, _rad(request, pk, write=False))


def _rad_page(request, rad: Risikoforhold):
    """The row editor. With JavaScript it autosaves through `rad_autosave` (a new row:
    `rad_new`); without, the Lagre button posts here. Both share the conflict and privacy handling."""
    vurdering = rad.vurdering
    can_write = selectors.can_write(user=request.user, vurdering=vurdering) and vurdering.status == "utkast"
    data = request.POST if request.method == "POST" else None
    form = RadForm(data, instance=rad, matrise=vurdering.matrise, language=content_language())
    niva = risk_level(vurdering.matrise, rad.sannsynlighet, rad.alvorlighet, content_language())
    context = {"rad": rad, "vurdering": vurdering, "form": form, "can_write": can_write, "niva": niva}
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if request.POST.get("bruk_lagret"):  # the person chose the stored version over what they typed
            messages.info(request, _("Skjemaet viser nå den lagrede versjonen. Endringene dine er ikke lagret."))
            return redirect("risikovurdering:rad", rad.pk)
        outcome = _save(request, rad, form)
        if outcome.get("empty") and not outcome.get("paused"):  # nothing typed in a new row: no row
            return redirect("risikovurdering:detail", vurdering.pk)
        rad = outcome.get("rad", rad)
        if outcome.get("saved") and not outcome.get("paused"):
            messages.success(request, _("Risikoforholdet er lagret."))
            return redirect(reverse("risikovurdering:detail", args=[vurdering.pk]) + f"#rad-{rad.pk}")
        if outcome.get("saved"):  # a text held back for privacy: go on from the version just saved
            data = request.POST.copy()
            data["versjon"] = str(outcome["versjon"])
            form = RadForm(data, instance=rad, matrise=vurdering.matrise, language=content_language())
            form.is_valid()
        context.update(outcome, form=form)
    context.update(regelverk_panel(vurdering.kommune))  # only for a page shown, not a save that redirects
    return render(request, "risikovurdering/rad.html", context)


def _save(request, rad: Risikoforhold, form: RadForm) -> dict:
    """Validate and save; returns what the page or the autosave status must show. A new
    row (no pk yet) is made here if anything of it is saved."""
    if not form.is_valid():
        return {"invalid": True}
    bekreftet = set(request.POST.getlist("bekreft")) & set(Risikoforhold.TEXT_FIELDS)
    versjon = form.cleaned_data["versjon"]
    if request.POST.get("behold"):  # the person chose to keep their text over the stored version
        versjon = parse_int(request.POST.get("behold_versjon"), lo=1, hi=2**31 - 1)
    try:
        if rad.pk is None:
            result = services.risikoforhold_create_saved(
                vurdering=rad.vurdering, fields=_rad_fields(form), by=request.user, bekreftet=bekreftet
            )
            if result is None:
                return {"empty": True, "paused": _paused(form, _held_back(form, bekreftet))}
        else:
            result = services.risikoforhold_save(
                rad=rad, fields=_rad_fields(form), versjon=versjon, by=request.user, bekreftet=bekreftet
            )
    except services.StaleRow as stale:
        return {"conflict": _conflict(form, stale.stored), "stored": stale.stored}
    except ValidationError as error:
        form.add_error(None, error)
        return {"invalid": True}
    created = {"rad": result.rad, "created": True} if rad.pk is None else {}
    return {
        "saved": True, "paused": _paused(form, result.paused), "versjon": result.rad.versjon,
        "changed": result.changed, **created,
    }  # fmt: skip


def _held_back(form: RadForm, bekreftet: set[str]) -> dict[str, list[str]]:
    """The texts a save would hold back for privacy (for a new row that was not made)."""
    return {
        name: why
        for name in Risikoforhold.TEXT_FIELDS
        if name not in bekreftet and (why := findings(form.cleaned_data.get(name) or ""))
    }


def _paused(form: RadForm, paused: dict[str, list[str]]) -> list[dict]:
    return [
        {"field": name, "label": form.fields[name].label, "why": why, "value": form.cleaned_data[name]}
        for name, why in paused.items()
    ]


def _same(a, b) -> bool:
    """Empty is empty whatever its type ("", [], None); a rating of 0 is a value."""
    a, b = (None if v in (None, "", []) else sorted(v) if isinstance(v, list) else v for v in (a, b))
    return a == b


def _conflict(form: RadForm, stored: Risikoforhold) -> list[dict]:
    """Field by field where they differ: its label, what this person typed and what was
    saved meanwhile, both in words (a rating by its name on the scale, a choice by its label)."""
    matrise = stored.vurdering.matrise
    rows = []
    for name in RadForm.Meta.fields:
        mine, theirs = form.cleaned_data.get(name), getattr(stored, name)
        if not _same(mine, theirs):
            rows.append(
                {
                    "label": form.fields[name].label,
                    "mine": Risikoforhold.words_of(name, mine, matrise=matrise),
                    "theirs": Risikoforhold.words_of(name, theirs, matrise=matrise),
                }
            )
    return rows


@login_required
@require_POST
def rad_autosave(request, pk: int):
    return _autosave(request, _rad(request, pk, write=True))


def _autosave(request, rad: Risikoforhold):
    if rad.vurdering.status != "utkast":
        raise PermissionDenied
    form = RadForm(request.POST, instance=rad, matrise=rad.vurdering.matrise, language=content_language())
    outcome = _save(request, rad, form)
    response = render(request, "risikovurdering/_autosave.html", {"rad": rad, "form": form, **outcome})
    if outcome.get("saved") and not outcome.get("paused"):
        response["X-Saved"] = "1"  # every edit is stored: leaving the page need not warn (static/js/app.js)
    return response


@login_required
@require_POST
def rad_delete(request, pk: int):
    rad = _rad(request, pk, write=True)
    vurdering_pk = rad.vurdering_id
    try:
        services.risikoforhold_delete(rad=rad, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Risikoforholdet er slettet."))
    return redirect("risikovurdering:detail", vurdering_pk)


@login_required
def rapport(request, pk: int):
    vurdering = _content(request, pk)
    return serve_report(
        request,
        kind="risikovurdering",
        object_id=vurdering.pk,
        language=content_language(),
        version=reports.vurdering_version(vurdering),
        title=_("Rapport: %(vurdering)s") % {"vurdering": vurdering},
        back=reverse("risikovurdering:detail", args=[pk]),
        filename=f"risikovurdering-{vurdering.pk}-v{vurdering.versjon}.pdf",
    )


@login_required
def eksport(request, pk: int, fmt: str):
    vurdering = _content(request, pk)
    if fmt == "csv":
        response = HttpResponse(
            reports.export_csv(vurdering, content_language()), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            reports.export_xlsx(vurdering, content_language()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="risikoforhold-{vurdering.pk}.{fmt}"'
    return response


@login_required
def oversikt(request, orgnr: str):
    kommune = selectors.oversikt_kommune_for(user=request.user, orgnr=orgnr)
    if kommune is None:
        raise Http404
    return render(
        request,
        "risikovurdering/oversikt.html",
        {"kommune": kommune, "body": reports.oversikt_html(kommune, content_language())},
    )


@login_required
def oversikt_rapport(request, orgnr: str):
    kommune = get_object_or_404(selectors.oversikt_kommuner_for(user=request.user), orgnr=orgnr)
    return serve_report(
        request,
        kind="oversikt",
        object_id=kommune.pk,
        language=content_language(),
        version=reports.oversikt_version(kommune),
        title=_("Kommunens oversikt: %(kommune)s") % {"kommune": kommune.navn},
        back=reverse("risikovurdering:oversikt", args=[orgnr]),
        filename=f"oversikt-{kommune.nummer}.pdf",
    )
