"""Every URL pattern, as every persona, in its own Kommune and a foreign one (DESIGN.md §9).

A URL pattern that is not in ACCESS fails the test: each new view must say who may
reach it. Expected outcomes: a status code, or LOGIN (redirect to the login page).

The facilitator ("train the trainer": a veileder at the own Kommune, who sees only its
programmes) is expected to fare as the veileder in the own Kommune and to find nothing
in the foreign one (`fasilitator_expected`), unless a row says otherwise. They are also
on the foreign Kommune's Veiledning, added past the service, to show that does not open it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Invitation

LOGIN = "login"
ANON, VEIL, ADMIN, EIER, HVO, BHT, HMS, VO = "anon", "veileder", "admin", "skoleeier", "hvo", "bht", "hms", "verneombud"
FAS = "fasilitator"
PERSONAS = (ANON, VEIL, ADMIN, EIER, HVO, BHT, HMS, VO, FAS)


def same(status, **overrides):
    """The same (own, foreign) outcome for every persona, with overrides (the facilitator's
    is derived from the veileder's unless given)."""
    table = {p: (status, status) for p in PERSONAS if p != FAS}
    table.update(overrides)
    return table


def fasilitator_expected(expected: dict, kwargs_for) -> tuple:
    """A veileder's outcome in the own Kommune; in the foreign one, 404 wherever the page
    belongs to a Kommune and is not public."""
    if FAS in expected:
        return expected[FAS]
    if kwargs_for is None or expected[ANON][1] != LOGIN:
        return expected[VEIL]
    return (expected[VEIL][0], 404)


KOMMUNE_AND_SCHOOL = (EIER, HVO, BHT, HMS, VO)
# Everyone in the programme reads it; only its veiledere (and admins) write.
READ_200 = same(
    404, anon=(LOGIN, LOGIN), veileder=(200, 404), admin=(200, 200), **{p: (200, 404) for p in KOMMUNE_AND_SCHOOL}
)
WRITE_PAGE = same(
    404, anon=(LOGIN, LOGIN), veileder=(200, 404), admin=(200, 200), **{p: (403, 404) for p in KOMMUNE_AND_SCHOOL}
)
WRITE_POST = same(
    404, anon=(LOGIN, LOGIN), veileder=(302, 404), admin=(302, 302), **{p: (403, 404) for p in KOMMUNE_AND_SCHOOL}
)
WRITE_302 = {"veileder": (302, 404), "admin": (302, 302)}


def content_only(ok):
    return same(
        404, anon=(LOGIN, LOGIN), veileder=(403, 404), admin=(403, 403), **{p: (ok, 404) for p in KOMMUNE_AND_SCHOOL}
    )


def eval_veileder(ok):
    return same(
        404,
        anon=(LOGIN, LOGIN),
        veileder=(ok, 404),
        admin=(ok, ok),
        skoleeier=(403, 404),
        hvo=(403, 404),
        bht=(403, 404),
    )


def plan_write(ok):
    table = content_only(403)
    table.update({"veileder": (403, 404), "hms": (ok, 404), "verneombud": (ok, 404)})
    return table


def school_write(rektor_only=False):
    table = same(
        404, anon=(LOGIN, LOGIN), veileder=(403, 404), admin=(403, 403), **{p: (403, 404) for p in KOMMUNE_AND_SCHOOL}
    )
    table.update({"hms": (302, 404), "verneombud": ((403 if rektor_only else 302), 404)})
    return table


# The nation's pages: Arbeidstilsynet's veiledere and admins only (issue 21).
NATIONAL = same(403, anon=(LOGIN, LOGIN), veileder=(200, 200), admin=(200, 200), fasilitator=(403, 403))
# A Kommune's own template copy: its facilitator's (and admins'); status for a GET, 302 for the POST.


def programmal(ok: int) -> dict:
    return same(404, anon=(LOGIN, LOGIN), veileder=(403, 403), admin=(ok, ok), fasilitator=(ok, 404),
                **{p: (403, 404) for p in (EIER, HVO, BHT)})  # fmt: skip


# url name: (method, kwargs(tenant, world), {persona: (own tenant, foreign tenant)})
ACCESS = {
    "pages:home": ("get", None, same(200, anon=(LOGIN, LOGIN))),
    "pages:language_set": ("post", None, same(302)),
    "core:healthz": ("get", None, same(200)),
    "pages:metrics": ("get", None, same(200)),
    # The national picture and the research export: Arbeidstilsynet's veiledere and admins,
    # not a facilitator (who sees one Kommune) nor anyone in a Kommune (issue 21).
    "innsikt:nasjonalt": ("get", None, NATIONAL),
    "innsikt:eksport": ("get", None, NATIONAL),  # the test client is 127.0.0.1: an allowed address
    "core:keepalive": ("get", None, same(204, anon=(401, 401))),
    "pages:accessibility": ("get", None, same(200)),
    "pages:privacy": ("get", None, same(200)),
    "accounts:login": ("get", None, same(302, anon=(200, 200))),
    "accounts:logout": ("post", None, same(302)),
    # No provider in the tests' settings: an unknown provider is 404 to everyone.
    "accounts:oidc_start": ("get", lambda t, w: {"key": "ukjent"}, same(404)),
    "accounts:oidc_tilbake": ("get", lambda t, w: {"key": "ukjent"}, same(404)),
    "accounts:password_reset": ("get", None, same(200)),
    "accounts:password_reset_done": ("get", None, same(200)),
    "accounts:password_reset_confirm": ("get", lambda t, w: {"uidb64": "MQ", "token": "x-y"}, same(200)),
    "accounts:password_reset_complete": ("get", None, same(200)),
    # The token is the key: anyone holding a valid one may see the form, nobody else.
    "accounts:to_faktor": ("get", None, same(302, anon=(LOGIN, LOGIN))),  # no device yet: to the setup
    "accounts:to_faktor_oppsett": ("get", None, same(200, anon=(LOGIN, LOGIN))),
    "accounts:invitation": ("get", lambda t, w: {"token": w.token(t)}, same(200)),
    "kommuner:kommune_list": ("get", None, same(403, anon=(LOGIN, LOGIN), veileder=(200, 200), admin=(200, 200))),
    "pages:kommune": (
        "get",
        lambda t, w: {"orgnr": t.kommune.orgnr},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(200, 200),
            admin=(200, 200),
            skoleeier=(200, 404),
            hvo=(200, 404),
            bht=(200, 404),
        ),
    ),
    "kommuner:kontakt_create": (
        "get",
        lambda t, w: {"orgnr": t.kommune.orgnr},
        same(404, anon=(LOGIN, LOGIN), veileder=(200, 404), admin=(200, 200)),
    ),
    "pages:skole": (
        "get",
        lambda t, w: {"pk": t.skole.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(200, 200),
            admin=(200, 200),
            skoleeier=(200, 404),
            hvo=(200, 404),
            bht=(200, 404),
            hms=(200, 404),
            verneombud=(200, 404),
        ),
    ),
    "kommuner:deler_innhold": (
        "post",
        lambda t, w: {"orgnr": t.kommune.orgnr},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(403, 403),
            admin=(403, 403),
            skoleeier=(302, 404),
            hvo=(403, 404),
            bht=(403, 404),
        ),
    ),
    "kommuner:kontakt_invite": (
        "post",
        lambda t, w: {"pk": t.kontakter["hms"].pk},
        same(404, anon=(LOGIN, LOGIN), veileder=(302, 404), admin=(302, 302)),
    ),
    "pages:outbox": ("get", None, same(403, anon=(LOGIN, LOGIN), veileder=(200, 200), admin=(200, 200))),
    "pages:outbox_resend": ("post", lambda t, w: {"pk": w.paminnelse(t)}, same(404, anon=(LOGIN, LOGIN), **WRITE_302)),
    "veiledning:dashboard": ("get", None, same(403, anon=(LOGIN, LOGIN), veileder=(200, 200), admin=(200, 200))),
    "veiledning:create": (
        "get",
        lambda t, w: {"orgnr": t.kommune.orgnr},
        same(403, anon=(LOGIN, LOGIN), veileder=(200, 200), admin=(200, 200)),
    ),
    # The Kommune's own copy of the programme template: its facilitator adapts it; admins any.
    "veiledning:programmal": ("get", lambda t, w: {"orgnr": t.kommune.orgnr}, programmal(200)),
    "veiledning:programmal_kopier": ("post", lambda t, w: {"orgnr": t.kommune.orgnr}, programmal(302)),
    "veiledning:detail": ("get", lambda t, w: {"pk": t.veiledning.pk}, READ_200),
    "pages:sluttrapport": ("get", lambda t, w: {"pk": t.veiledning.pk}, READ_200),
    "pages:sluttrapport_pdf": ("get", lambda t, w: {"pk": t.veiledning.pk}, READ_200),
    "veiledning:skoler": ("get", lambda t, w: {"pk": t.veiledning.pk}, WRITE_PAGE),
    "veiledning:brev": ("get", lambda t, w: {"pk": t.veiledning.pk}, WRITE_PAGE),
    "veiledning:brev_pdf": ("get", lambda t, w: {"pk": t.veiledning.pk}, WRITE_PAGE),
    "veiledning:seminar": ("get", lambda t, w: {"pk": t.veiledning.pk}, WRITE_PAGE),
    "veiledning:seminar_svar": ("get", lambda t, w: {"pk": t.veiledning.pk}, WRITE_PAGE),
    "veiledning:samling_edit": ("get", lambda t, w: {"pk": t.veiledning.pk, "type": "oppstart"}, WRITE_PAGE),
    "veiledning:steg": ("post", lambda t, w: {"pk": t.veiledning.pk}, WRITE_POST),
    "veiledning:delete": ("post", lambda t, w: {"pk": t.veiledning.pk}, WRITE_POST),
    "veiledning:brev_send": ("post", lambda t, w: {"pk": t.veiledning.pk}, WRITE_POST),
    "veiledning:brev_resend": ("post", lambda t, w: {"pk": t.veiledning.pk}, WRITE_POST),
    "veiledning:samling_avlys": ("post", lambda t, w: {"pk": t.seminar.pk}, WRITE_POST),
    "veiledning:samling_ics": ("get", lambda t, w: {"pk": t.seminar.pk}, READ_200),
    "veiledning:deltakere": ("get", lambda t, w: {"pk": t.seminar.pk}, READ_200),
    "veiledning:oppmott": (
        "post",
        lambda t, w: {"pk": t.seminar.pk, "deltaker_pk": t.seminar.deltakere.first().pk},
        WRITE_POST,
    ),
    "veiledning:deltaker_remove": (
        "post",
        lambda t, w: {"pk": t.seminar.pk, "deltaker_pk": t.seminar.deltakere.first().pk},
        WRITE_POST,
    ),
    "veiledning:oppgaver": ("get", lambda t, w: {"pk": t.veiledning.pk, "skole_pk": t.skole.pk}, READ_200),
    # Autosave of one answer box: the school's own HMS-gruppe writes, the rest only read.
    "veiledning:oppgaver_autosave": (
        "post",
        lambda t, w: {"pk": t.veiledning.pk, "skole_pk": t.skole.pk},
        {**school_write(), "hms": (200, 404), "verneombud": (200, 404)},
    ),
    # A school's Egenvurdering: the veileder reads it only where the Kommune shares.
    "veiledning:egenvurdering": (
        "get",
        lambda t, w: {"pk": t.veiledning.pk, "skole_pk": t.skole.pk, "fase": "baseline"},
        {**READ_200, "veileder": (403, 404), "admin": (403, 403)},
    ),
    "risikovurdering:skole_list": (
        "get",
        lambda t, w: {"pk": t.skole.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(200, 200),
            admin=(200, 200),
            **{p: (200, 404) for p in KOMMUNE_AND_SCHOOL},
        ),
    ),
    "risikovurdering:sektor_list": ("get", lambda t, w: {"orgnr": t.kommune.orgnr}, READ_200),
    "risikovurdering:oversikt": ("get", lambda t, w: {"orgnr": t.kommune.orgnr}, READ_200),
    "risikovurdering:oversikt_rapport": ("get", lambda t, w: {"orgnr": t.kommune.orgnr}, READ_200),
    "risikovurdering:detail": ("get", lambda t, w: {"pk": t.vurdering.pk}, READ_200),
    # Content (rows, free text, reports) only where the Kommune shares it with its veileder.
    "risikovurdering:rapport": ("get", lambda t, w: {"pk": t.vurdering.pk}, content_only(200)),
    "risikovurdering:eksport": ("get", lambda t, w: {"pk": t.vurdering.pk, "fmt": "csv"}, content_only(200)),
    "risikovurdering:rad": (
        "get",
        lambda t, w: {"pk": t.rad.pk},
        same(404, anon=(LOGIN, LOGIN), **{p: (200, 404) for p in KOMMUNE_AND_SCHOOL}),
    ),
    # The school's HMS-gruppe writes; rektor marks it finished.
    # Comments on the sektor assessment: the Kommune's own people (the parties and BHT).
    "risikovurdering:kommentar": (
        "post",
        lambda t, w: {"pk": t.sektor.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(403, 404),
            admin=(403, 403),
            skoleeier=(400, 404),
            hvo=(400, 404),
            bht=(400, 404),
            hms=(403, 404),
            verneombud=(403, 404),
        ),
    ),
    "risikovurdering:ferdig": ("post", lambda t, w: {"pk": t.vurdering.pk}, school_write(rektor_only=True)),
    "risikovurdering:ny_versjon": ("post", lambda t, w: {"pk": t.vurdering.pk}, school_write()),
    "risikovurdering:rad_new": ("post", lambda t, w: {"pk": t.vurdering.pk}, school_write()),
    "risikovurdering:rad_autosave": (
        "post",
        lambda t, w: {"pk": t.rad.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            skoleeier=(403, 404),
            hvo=(403, 404),
            bht=(403, 404),
            hms=(200, 404),
            verneombud=(200, 404),
        ),
    ),
    "risikovurdering:rad_delete": (
        "post",
        lambda t, w: {"pk": t.rad.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            skoleeier=(403, 404),
            hvo=(403, 404),
            bht=(403, 404),
            hms=(302, 404),
            verneombud=(302, 404),
        ),
    ),
    "handlingsplan:skole_plan": (
        "get",
        lambda t, w: {"pk": t.skole.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(200, 200),
            admin=(200, 200),
            **{p: (302, 404) for p in KOMMUNE_AND_SCHOOL},
        ),
    ),
    "handlingsplan:kommune_plan": (
        "get",
        lambda t, w: {"orgnr": t.kommune.orgnr},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(200, 404),
            admin=(200, 200),
            **{p: (302, 404) for p in KOMMUNE_AND_SCHOOL},
        ),
    ),
    "handlingsplan:oversikt": ("get", lambda t, w: {"orgnr": t.kommune.orgnr}, READ_200),
    # The owner asks its schools how prevention goes: the Kommune's side and its veileder
    # read; a school answers on its own home page, the HMS-gruppe only.
    "handlingsplan:statusforesporsler": (
        "get",
        lambda t, w: {"orgnr": t.kommune.orgnr},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(200, 404),
            admin=(200, 200),
            skoleeier=(200, 404),
            hvo=(200, 404),
            bht=(200, 404),
            hms=(403, 404),
            verneombud=(403, 404),
        ),
    ),
    "handlingsplan:statussvar": (
        "get",
        lambda t, w: {"pk": _statusforesporsel_for(t), "skole_pk": t.skole.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(403, 403),
            admin=(403, 403),
            skoleeier=(403, 404),
            hvo=(403, 404),
            bht=(403, 404),
            hms=(200, 404),
            verneombud=(200, 404),
        ),
    ),
    "handlingsplan:kommune_xlsx": (
        "get",
        lambda t, w: {"orgnr": t.kommune.orgnr},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(403, 404),
            admin=(403, 403),
            **{p: (200, 404) for p in KOMMUNE_AND_SCHOOL},
        ),
    ),
    "handlingsplan:detail": ("get", lambda t, w: {"pk": t.plan.pk}, content_only(200)),
    "handlingsplan:pdf": ("get", lambda t, w: {"pk": t.plan.pk}, content_only(200)),
    "handlingsplan:xlsx": ("get", lambda t, w: {"pk": t.plan.pk}, content_only(200)),
    # The school's plan: its HMS-gruppe writes; the Kommune's people read.
    "handlingsplan:tiltak_new": ("get", lambda t, w: {"pk": t.plan.pk}, plan_write(200)),
    "handlingsplan:tiltak_edit": ("get", lambda t, w: {"pk": t.tiltak.pk}, plan_write(200)),
    "handlingsplan:tiltak_status": ("post", lambda t, w: {"pk": t.tiltak.pk}, plan_write(400)),  # nothing chosen
    # The Kommune's plan: the parties and BHT confirm medvirkning and comment.
    "handlingsplan:medvirkning": (
        "post",
        lambda t, w: {"pk": t.kommune_plan.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(403, 404),
            admin=(403, 403),
            skoleeier=(403, 404),
            hvo=(302, 404),
            bht=(302, 404),
            hms=(403, 404),
            verneombud=(403, 404),
        ),
    ),
    # The public form: anyone with the token; before the seminar day it says when it opens (200).
    "evaluering:svar": ("get", lambda t, w: {"token": t.seminar.evaluering.token}, same(200)),
    "evaluering:takk": ("get", lambda t, w: {"token": t.seminar.evaluering.token}, same(200)),
    "evaluering:trend": ("get", None, same(403, anon=(LOGIN, LOGIN), veileder=(200, 200), admin=(200, 200))),
    "evaluering:detail": ("get", lambda t, w: {"pk": t.seminar.evaluering.pk}, eval_veileder(200)),
    "evaluering:qr": ("get", lambda t, w: {"pk": t.seminar.evaluering.pk}, eval_veileder(200)),
    "evaluering:eksport": ("get", lambda t, w: {"pk": t.seminar.evaluering.pk}, eval_veileder(200)),
    "evaluering:besvarelser": ("get", lambda t, w: {"pk": t.seminar.evaluering.pk}, eval_veileder(200)),
    # Results: veiledere; the Kommune's people as aggregates (≥ 5 answers); not the HMS-gruppe.
    "evaluering:resultater": (
        "get",
        lambda t, w: {"pk": t.seminar.evaluering.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(200, 404),
            admin=(200, 200),
            skoleeier=(200, 404),
            hvo=(200, 404),
            bht=(200, 404),
        ),
    ),
    "evaluering:rapport": (
        "get",
        lambda t, w: {"pk": t.seminar.evaluering.pk},
        same(
            404,
            anon=(LOGIN, LOGIN),
            veileder=(200, 404),
            admin=(200, 200),
            skoleeier=(403, 404),
            hvo=(403, 404),
            bht=(403, 404),
        ),
    ),
}
# The admin site decides access itself (is_staff); every admin pattern is covered by
# test_admin_is_for_admins_only, which visits the index and every model's list.
ADMIN_NAMESPACE = "admin"


def all_url_names(resolver=None, prefix="") -> list[str]:
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            names += all_url_names(entry, prefix + (f"{entry.namespace}:" if entry.namespace else ""))
        elif isinstance(entry, URLPattern):
            names.append(prefix + entry.name if entry.name else f"{prefix}<unnamed {entry.pattern}>")
    return names


def missing_from_table() -> list[str]:
    return [n for n in all_url_names() if n not in ACCESS and not n.startswith(ADMIN_NAMESPACE + ":")]


def test_every_url_pattern_is_in_the_access_table():
    missing = missing_from_table()
    assert missing == [], f"Add these URL patterns to ACCESS in tests/test_access.py: {missing}"


def test_a_new_url_pattern_missing_from_the_table_is_caught(settings):
    settings.ROOT_URLCONF = "tests.urls_with_extra"
    assert missing_from_table() == ["ny_side_uten_tilgangsregel"]


def _token_for(tenant) -> str:
    token = Invitation.new_token()
    from datetime import timedelta

    from django.utils import timezone

    Invitation.objects.create(
        kontakt=tenant.kontakter["verneombud"],
        token_hash=Invitation.hash_token(token),
        expires_at=timezone.now() + timedelta(days=7),
    )
    return token


def _statusforesporsel_for(tenant) -> int:
    from handlingsplan.services import statusforesporsel_create

    eier = tenant.users["skoleeier"]
    foresporsel = statusforesporsel_create(
        kommune=tenant.kommune, sporsmal="Hvordan går det?", skoler=[tenant.skole], by=eier
    )
    return foresporsel.pk


def _paminnelse_for(tenant) -> int:
    from core.models import Paminnelse
    from core.reminders import target_of

    return Paminnelse.objects.filter(target=target_of(tenant.seminar)).first().pk


def _user(world, persona):
    if persona != FAS:
        return world.user(persona)
    from accounts.services import user_set_fasilitator
    from conftest import make_user
    from veiledning.services import veiledning_set_veiledere

    user = make_user("fasilitator@example.com", is_veileder=True)
    user = user_set_fasilitator(user=user, kommune=world.own.kommune, by=None)
    veiledning_set_veiledere(veiledning=world.own.veiledning, veiledere=[world.veileder, user], by=None)
    world.foreign.veiledning.veiledere.add(user)  # past the service, which refuses it
    return user


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(ACCESS))
def test_access(client, world, url_name, persona):
    world.token = _token_for
    world.paminnelse = _paminnelse_for
    method, kwargs_for, expected = ACCESS[url_name]
    user = _user(world, persona)
    outcomes = fasilitator_expected(expected, kwargs_for) if persona == FAS else expected[persona]
    for tenant, want in zip((world.own, world.foreign), outcomes, strict=True):
        client.logout()
        if user is not None:
            client.force_login(user)
        url = reverse(url_name, kwargs=kwargs_for(tenant, world) if kwargs_for else None)
        response = getattr(client, method)(url)
        if want == LOGIN:
            assert response.status_code == 302, (url, persona)
            assert response["Location"].startswith(reverse("accounts:login")), (url, persona)
        else:
            assert response.status_code == want, (url_name, persona, tenant.kommune.navn, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            csp = response["Content-Security-Policy"]
            assert "unsafe-inline" not in csp and "object-src 'none'" in csp, url


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_for_admins_only(client, world, persona):
    from django.contrib import admin

    user = _user(world, persona)
    if user is not None:
        client.force_login(user)
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry
    ]
    for url in urls:
        response = client.get(url)
        if persona == ADMIN:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (url, persona)
