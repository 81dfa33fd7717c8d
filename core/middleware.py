import time

from django.conf import settings
from django.utils import translation
from django_otp.middleware import OTPMiddleware

from core import versions

RENEWED_AT = "fornyet"
# The user whose second factor an OpenID provider confirmed at login (accounts.oidc).
PROVIDER_MFA = "oidc:mfa"


def session_renew(request) -> None:
    """Push the end of the session eight hours on (SESSION_COOKIE_AGE from now)."""
    request.session[RENEWED_AT] = int(time.time())


class SessionRenewalMiddleware:
    """Every request by a logged-in person renews the session, but its row is written at
    most once a minute: a write per page view was the largest fixed cost of a page
    (docs/performance.md). The warning in app.js comes five minutes ahead, so a minute's
    slack never surprises anyone."""

    RENEW_AFTER = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            if time.time() - request.session.get(RENEWED_AT, 0) >= self.RENEW_AFTER:
                session_renew(request)
        return response


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


class NoStoreForFilesMiddleware:
    """Generated files (PDF, spreadsheets, CSV, calendars) may hold content only some
    people may see: no shared or browser cache keeps them."""

    FILE_TYPES = ("application/pdf", "text/csv", "text/calendar", "application/vnd.openxmlformats", "image/svg+xml")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith(self.FILE_TYPES) or response.has_header("Content-Disposition"):
            response["Cache-Control"] = "no-store, private"
        return response


class SecondFactorMiddleware:
    """Veiledere and admins see everything in their programmes: they log in with a second
    factor. Until it is confirmed, every page but the second-factor pages sends them there."""

    # /logg-inn/med/: a new login through an OpenID provider, which may bring the second factor
    OPEN = ("/to-faktor/", "/logg-ut/", "/logg-inn/med/", "/static/", "/sprak/", "/healthz", "/okt/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and user.sees_all
            and not user.is_verified()
            and not request.path.startswith(self.OPEN)
        ):
            return redirect(f"{reverse('accounts:to_faktor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class GenerationsMiddleware:
    """The generations of the data (core.versions) a request reads, read once at its start
    in one round trip and kept for the request: the user, the memberships, the navigation
    and a kept body each ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = versions.request_started()
        try:
            return self.get_response(request)
        finally:
            versions.request_finished(token)


class SecondFactorStateMiddleware(OTPMiddleware):
    """django_otp's middleware, with the session's confirmed device read from the cache
    under the generation of the devices: a device removed (a reset second factor) or added
    moves it at once (core.versions.OTP). django_otp read it from the database on every
    request (issue 20)."""

    def _verify_user_sync(self, request, user):
        """A login through an OpenID provider that confirmed a second factor (its amr or acr:
        accounts.oidc.provider_mfa) counts as verified for the user it was made for."""
        user = super()._verify_user_sync(request, user)
        if user.is_authenticated and request.session.get(PROVIDER_MFA) == user.pk:
            user.is_verified = lambda: True
        return user

    def _device_from_persistent_id(self, persistent_id: str):
        read = super()._device_from_persistent_id
        key = f"totrinn-enhet:{persistent_id}"  # from the session: no stranger chooses it
        return versions.kept(key, (versions.OTP,), lambda: read(persistent_id), keep_none=True)
