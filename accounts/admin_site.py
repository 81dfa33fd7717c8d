"""The admin behind the same door as everything else: the login page with its limits,
and the second factor when REQUIRE_2FA is on."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class AdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        verified = getattr(request.user, "is_verified", lambda: False)
        return super().has_permission(request) and (not settings.REQUIRE_2FA or verified())

    def login(self, request, extra_context=None):
        """No login form of its own: a second one would have its own limits and no factor."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise PermissionDenied  # logged in, not an admin: sending them to log in would loop
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


class AdminConfig(BaseAdminConfig):
    """Installed in place of django.contrib.admin (config/settings.py)."""

    default_site = "accounts.admin_site.AdminSite"
