from functools import lru_cache
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from core import versions
from core.keep import Frame
from pages.personas import persona_for
from veiledning.selectors import veiledninger_for

_programmes = Frame()


def _school_programme(user, persona):
    """The newest Veiledning the HMS-gruppe's school takes part in, for its navigation
    (Seminaret, Egenvurdering); read only when a page's navigation asks for it, and kept in
    the process under the generations of the programmes and of the person's memberships."""
    if persona.key != "hms":
        return None
    key = (user.pk, persona.skole.pk, *versions.generations("veiledning", "kommuner"))
    return _programmes.get(key, lambda: _newest_programme(user, persona.skole))


def _newest_programme(user, skole):
    found = veiledninger_for(user=user).filter(skoler=skole).order_by("-pk").values_list("pk", "steg").first()
    return SimpleNamespace(pk=found[0], steg=found[1]) if found else None


@lru_cache(maxsize=4096)
def _nav_html(
    persona_key: str,
    kommune: tuple,
    skole: tuple,
    is_admin: bool,
    here: str,
    programme: tuple,
    _lang: str,
    is_fasilitator: bool = False,
):
    """The navigation as HTML, rendered once per persona, place, page and language in each
    process (the header shows it twice: a bar, and a menu on a narrow screen). Everything it
    depends on is in the arguments, so nothing goes stale."""

    def place(pk=None, orgnr=None, url=None, steg=None):  # what nav.html reads of each
        return SimpleNamespace(pk=pk, orgnr=orgnr, steg=steg, get_absolute_url=lambda: url)

    context = {
        "persona": SimpleNamespace(
            key=persona_key, kommune=place(*kommune) if kommune else None, skole=place(*skole) if skole else None
        ),
        "user": {"is_admin": is_admin, "is_fasilitator": is_fasilitator},
        "request": {"resolver_match": {"view_name": here}},
        "nav_veiledning": place(*programme) if programme else None,
    }
    return render_to_string("includes/nav.html", context)


def _nav_for(request, user, persona, programme) -> str:
    kommune, skole = getattr(persona, "kommune", None), getattr(persona, "skole", None)
    match = getattr(request, "resolver_match", None)
    return _nav_html(
        persona.key,
        (kommune.pk, kommune.orgnr, kommune.get_absolute_url()) if kommune else (),
        (skole.pk, None, skole.get_absolute_url()) if skole else (),
        bool(getattr(user, "is_admin", False)),
        match.view_name if match else "",
        (programme.pk, None, None, programme.steg) if programme else (),
        get_language(),
        bool(getattr(user, "is_fasilitator", False)),
    )


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    persona = getattr(request, "_persona", None)
    if persona is None:
        persona = request._persona = persona_for(user=user)
    nav_veiledning = SimpleLazyObject(lambda: _school_programme(user, persona))
    return {
        "persona": persona,
        "nav_veiledning": nav_veiledning,
        "nav_html": SimpleLazyObject(lambda: _nav_for(request, user, persona, nav_veiledning or None)),
        "LANGUAGES": settings.LANGUAGES,
        "SESSION_SECONDS": settings.SESSION_COOKIE_AGE,
    }
