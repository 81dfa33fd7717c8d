"""Login and password reset, rate-limited per account and per address (status 429)."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from accounts.forms import LoginForm
from core.ratelimit import client_address, hit, over

LOGIN_PER_ACCOUNT = 10
LOGIN_PER_ADDRESS = 100
RESET_PER_ACCOUNT = 3
RESET_PER_ADDRESS = 20


def _too_many(request):
    return render(request, "accounts/too_many.html", status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def _limits(self, request):
        return {
            "login-account": (request.POST.get("username", ""), LOGIN_PER_ACCOUNT),
            "login-address": (client_address(request), LOGIN_PER_ADDRESS),
        }

    def post(self, request, *args, **kwargs):
        if over(self._limits(request)):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for scope, (value, _limit) in self._limits(self.request).items():
            hit(scope, value)
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        limits = {
            "reset-account": (request.POST.get("email", ""), RESET_PER_ACCOUNT),
            "reset-address": (client_address(request), RESET_PER_ADDRESS),
        }
        if over(limits):
            return _too_many(request)
        for scope, (value, _limit) in limits.items():
            hit(scope, value, window=60 * 60)
        return super().post(request, *args, **kwargs)
