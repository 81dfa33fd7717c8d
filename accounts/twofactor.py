"""A second factor (TOTP) for veiledere and admins, with recovery codes. Required when
REQUIRE_2FA is on (by default in production). A session with only the password may
verify, nothing else: replacing a confirmed factor needs a verified session or an
admin's reset (accounts.services)."""

import base64
import re
import secrets
from binascii import unhexlify

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.oath import TOTP

from accounts import services
from accounts.limits import VERIFY_PER_ACCOUNT, too_many
from core.ratelimit import hit, over

SESSION_KEY = "to_faktor_nokkel"


class CodeForm(forms.Form):
    kode = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) else "/"


@login_required
def verify(request):
    if not services.to_faktor_confirmed(request.user):
        return redirect(f"{reverse('accounts:to_faktor_oppsett')}?{urlencode({'next': _next(request)})}")
    # Per account, not per session: a new login must not buy new guesses.
    limits = {"verify-account": (str(request.user.pk), VERIFY_PER_ACCOUNT)}
    if request.method == "POST" and over(limits):
        return too_many(request, limits)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["kode"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        hit("verify-account", str(request.user.pk))
        form.add_error("kode", _("Koden stemmer ikke. Prøv igjen, eller bruk en gjenopprettingskode."))
    return render(request, "accounts/to_faktor.html", {"form": form, "next": _next(request)})


@login_required
def setup(request):
    """The key lives in the session until the person proves their app has it: a GET
    creates nothing."""
    if services.to_faktor_confirmed(request.user) and not request.user.is_verified():
        request.session.pop(SESSION_KEY, None)
        return redirect(f"{reverse('accounts:to_faktor')}?{urlencode({'next': _next(request)})}")
    key = request.session.get(SESSION_KEY) or secrets.token_hex(20)
    request.session[SESSION_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(unhexlify(key))
        code = form.cleaned_data["kode"].replace(" ", "")
        # ASCII digits only: "²".isdigit() is true, and int("²") fails.
        if re.fullmatch(r"[0-9]{6}", code) and totp.verify(int(code), tolerance=1):
            device, codes = services.to_faktor_enrol(user=request.user, key=key, verified=request.user.is_verified())
            otp_login(request, device)
            del request.session[SESSION_KEY]
            return render(request, "accounts/to_faktor_koder.html", {"codes": codes, "next": _next(request)})
        form.add_error("kode", _("Koden stemmer ikke. Sjekk at klokken på telefonen går riktig."))
    secret = base64.b32encode(unhexlify(key)).decode()
    uri = f"otpauth://totp/Vold%20og%20trusler%20i%20skolen:{request.user.email}?secret={secret}&issuer=Arbeidstilsynet"
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, title=_("QR-kode for autentiseringsappen"))
    return render(
        request, "accounts/to_faktor_oppsett.html", {"form": form, "qr": qr, "secret": secret, "next": _next(request)}
    )
