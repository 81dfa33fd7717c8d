from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import SetPasswordForm
from accounts.limits import too_many
from accounts.services import invitation_accept, invitation_by_token
from core.ratelimit import client_address, hit, over

TOKEN_TRIES_PER_ADDRESS = 30


def invitation(request, token: str):
    """GET shows the form and consumes nothing (mail scanners prefetch links);
    only a POST with a valid password uses the link. Guessing is rate-limited."""
    address = client_address(request)
    if over(limits := {"token-address": (address, TOKEN_TRIES_PER_ADDRESS)}):
        return too_many(request, limits)
    found = invitation_by_token(token=token)
    if found is None:
        hit("token-address", address)
    if found is None or not found.is_usable:
        return render(request, "accounts/invitation_invalid.html", status=404 if found is None else 410)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="accounts.backends.UserBackend")
            messages.success(request, _("Velkommen! Passordet er lagret."))
            return redirect("pages:home")
    return render(request, "accounts/invitation.html", {"form": form, "kontakt": found.kontakt})
