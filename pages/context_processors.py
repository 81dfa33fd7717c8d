from django.conf import settings
from django.utils.functional import SimpleLazyObject

from pages.personas import persona_for
from veiledning.selectors import veiledninger_for


def _school_programme(user, persona):
    """The newest Veiledning the HMS-gruppe's school takes part in, for its navigation
    (Seminaret, Egenvurdering); read only when a page's navigation asks for it."""
    if persona.key != "hms":
        return None
    return veiledninger_for(user=user).filter(skoler=persona.skole).order_by("-pk").first()


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    persona = getattr(request, "_persona", None)
    if persona is None:
        persona = request._persona = persona_for(user=user)
    return {
        "persona": persona,
        "nav_veiledning": SimpleLazyObject(lambda: _school_programme(user, persona)),
        "LANGUAGES": settings.LANGUAGES,
        "SESSION_SECONDS": settings.SESSION_COOKIE_AGE,
    }
