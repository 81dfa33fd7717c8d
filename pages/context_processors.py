from django.conf import settings

from pages.personas import persona_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    persona = getattr(request, "_persona", None)
    if persona is None:
        persona = request._persona = persona_for(user=user)
    return {"persona": persona, "LANGUAGES": settings.LANGUAGES, "SESSION_SECONDS": settings.SESSION_COOKIE_AGE}
