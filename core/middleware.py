from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Bokmål unless the person chose otherwise: their saved choice when logged in,
    else the language cookie. Browser Accept-Language is ignored on purpose: a
    Norwegian public service opens in bokmål."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = None
        if user is not None and user.is_authenticated:
            language = user.language
        if language not in self.languages:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
