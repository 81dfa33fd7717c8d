"""Login and password reset, rate-limited per account and per address (status 429).
An account is its normalised address, so no spelling of it buys a fresh quota; the
admin logs in here too (accounts.admin_site), and the second factor has its own limit."""

import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts import oidc
from accounts.forms import LoginForm
from accounts.models import email_normalize
from core.ratelimit import client_address, hit, over, retry_after

LOGIN_PER_ACCOUNT = 10
LOGIN_PER_ADDRESS = 100
RESET_PER_ACCOUNT = 3
RESET_PER_ADDRESS = 20
VERIFY_PER_ACCOUNT = 10


def too_many(request, limits: dict[str, tuple[str, int]]):
    """Say when to try again and where to reset the password."""
    seconds = max(retry_after(limits), 60)
    context = {"minutes": math.ceil(seconds / 60), "password_login": settings.PASSWORD_LOGIN}
    response = render(request, "accounts/too_many.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def _limits(self, request):
        return {
            "login-account": (email_normalize(request.POST.get("username", "")), LOGIN_PER_ACCOUNT),
            "login-address": (client_address(request), LOGIN_PER_ADDRESS),
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "password_login": settings.PASSWORD_LOGIN,
            "providers": list(oidc.providers().values()),
        }

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:  # PASSWORD_LOGIN=0: only the OpenID providers
            context = self.get_context_data(form=None, refused=_("Innlogging med passord er slått av her."))
            return self.render_to_response(context, status=403)
        if over(limits := self._limits(request)):
            return too_many(request, limits)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for scope, (value, _limit) in self._limits(self.request).items():
            hit(scope, value)
        return super().form_invalid(form)


def password_only(view):
    """PASSWORD_LOGIN=0: no page sets or resets a password (the providers are the only login)."""

    def wrapped(request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            return render(request, "accounts/password_off.html", status=404)
        return view(request, *args, **kwargs)

    return wrapped


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        limits = {
            "reset-account": (email_normalize(request.POST.get("email", "")), RESET_PER_ACCOUNT),
            "reset-address": (client_address(request), RESET_PER_ADDRESS),
        }
        if over(limits):
            return too_many(request, limits)
        for scope, (value, _limit) in limits.items():
            hit(scope, value, window=60 * 60)
        return super().post(request, *args, **kwargs)
