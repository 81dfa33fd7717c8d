import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import oidc
from accounts.forms import SetPasswordForm
from accounts.limits import too_many
from accounts.services import (
    LoginRefused,
    invitation_accept,
    invitation_accept_openid,
    invitation_by_token,
    oidc_user_for,
)
from core.ratelimit import client_address, hit, over

logger = logging.getLogger(__name__)

TOKEN_TRIES_PER_ADDRESS = 30


def _invitation_providers() -> list[oidc.Provider]:
    """The logins an invited kommune person may link (never the veileders' own)."""
    return [p for p in oidc.providers().values() if p.audience != "veileder"]


def invitation(request, token: str):
    """GET shows the form and consumes nothing (mail scanners prefetch links);
    only a POST uses the link: with a valid password, or by choosing an OpenID login, which
    the flow carries to oidc_callback to consume it there. Guessing is rate-limited."""
    address = client_address(request)
    if over(limits := {"token-address": (address, TOKEN_TRIES_PER_ADDRESS)}):
        return too_many(request, limits)
    found = invitation_by_token(token=token)
    if found is None:
        hit("token-address", address)
    if found is None or not found.is_usable:
        return render(request, "accounts/invitation_invalid.html", status=404 if found is None else 410)
    providers = _invitation_providers()
    if request.method == "POST" and "innlogging" in request.POST:
        chosen = next((p for p in providers if p.key == request.POST["innlogging"]), None)
        if chosen is None:
            raise Http404
        return _oidc_redirect(request, chosen, next_url="", invitasjon=token)
    form = SetPasswordForm(request.POST or None) if settings.PASSWORD_LOGIN else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="accounts.backends.UserBackend")
            messages.success(request, _("Velkommen! Passordet er lagret."))
            return redirect("pages:home")
    context = {"form": form, "kontakt": found.kontakt, "providers": providers}
    return render(
        request, "accounts/invitation.html", context, status=403 if request.method == "POST" and form is None else 200
    )


def _oidc_provider_or_404(key: str) -> oidc.Provider:
    provider = oidc.providers().get(key)
    if provider is None:
        raise Http404
    return provider


def _oidc_redirect_uri(request, key: str) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_tilbake", args=[key]))


def _oidc_failed(request, message: str, status: int, referanse: str = ""):
    return render(request, "accounts/oidc_refused.html", {"message": message, "referanse": referanse}, status=status)


def oidc_start(request, key: str):
    """Send the browser to the provider (the authorization code flow with PKCE)."""
    provider = _oidc_provider_or_404(key)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    return _oidc_redirect(request, provider, next_url=next_url)


def _oidc_redirect(request, provider: oidc.Provider, *, next_url: str, invitasjon: str = ""):
    redirect_uri = _oidc_redirect_uri(request, provider.key)
    try:
        url = oidc.authorization_url(request, provider, redirect_uri, next_url, invitasjon=invitasjon)
    except oidc.OidcError:
        logger.exception("OpenID provider %s unreachable", provider.key)
        return _oidc_failed(request, _("Innloggingstjenesten svarer ikke. Prøv igjen om litt."), 502)
    return redirect(url)


def oidc_callback(request, key: str):
    """Back from the provider: check the state, take the code, verify the ID token, find the
    person (accounts.services.oidc_user_for) and log them in. A second factor the provider
    confirmed counts as ours for veiledere and admins (core.middleware)."""
    provider = _oidc_provider_or_404(key)
    flow = oidc.flow_take(request, provider, request.GET.get("state", ""))
    if flow is None:
        return _oidc_failed(request, _("Innloggingen er utløpt eller ugyldig. Prøv å logge inn på nytt."), 400)
    if "error" in request.GET or not request.GET.get("code"):
        return _oidc_failed(request, _("Innloggingen ble avbrutt. Prøv å logge inn på nytt."), 400)
    try:
        claims, id_token = oidc.id_token_claims(
            provider, code=request.GET["code"], flow=flow, redirect_uri=_oidc_redirect_uri(request, key)
        )
    except oidc.OidcError:
        logger.exception("OpenID login with %s failed", key)
        return _oidc_failed(request, _("Innloggingen kunne ikke bekreftes. Prøv å logge inn på nytt."), 400)
    try:
        if flow.get("invitasjon"):  # chosen on an invitation: our e-mail proved the address
            user = invitation_accept_openid(token=flow["invitasjon"], provider=provider, claims=claims)
        else:
            user = oidc_user_for(provider=provider, claims=claims)
    except LoginRefused as refused:
        return _oidc_failed(request, str(refused), 403, referanse=refused.referanse)
    login(request, user, backend="accounts.backends.UserBackend")
    request.session[oidc.LOGOUT] = {"key": key, "id_token": id_token}
    request.session.pop(oidc.PROVIDER_MFA, None)
    if user.sees_all and oidc.provider_mfa(provider, claims):
        request.session[oidc.PROVIDER_MFA] = user.pk
    return redirect(flow["next"] or resolve_url(settings.LOGIN_REDIRECT_URL))


class LogoutView(auth_views.LogoutView):
    """Ends our session and, after an OpenID login, the provider's where it says how
    (end_session_endpoint, with id_token_hint and where to come back)."""

    def post(self, request, *args, **kwargs):
        provider_logout = oidc.logout_url(request, request.build_absolute_uri(reverse("accounts:login")))
        response = super().post(request, *args, **kwargs)
        return redirect(provider_logout) if provider_logout else response
