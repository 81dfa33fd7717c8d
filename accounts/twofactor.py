"""A second factor (TOTP) for veiledere and admins, with recovery codes. Required when
REQUIRE_2FA is on (by default in production)."""

import base64
import secrets
from binascii import unhexlify

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

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
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{_setup_url()}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["kode"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("kode", _("Koden stemmer ikke. Prøv igjen, eller bruk en gjenopprettingskode."))
    return render(request, "accounts/to_faktor.html", {"form": form, "next": _next(request)})


def _setup_url() -> str:
    from django.urls import reverse

    return reverse("accounts:to_faktor_oppsett")


@login_required
def setup(request):
    """The key lives in the session until the person proves their app has it: a GET
    creates nothing."""
    key = request.session.get(SESSION_KEY) or secrets.token_hex(20)
    request.session[SESSION_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(unhexlify(key))
        if any(totp.verify(int(c), tolerance=1) for c in [form.cleaned_data["kode"].replace(" ", "")] if c.isdigit()):
            codes = _confirm(request.user, key)
            device = TOTPDevice.objects.get(user=request.user, confirmed=True)
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


@transaction.atomic
def _confirm(user, key: str) -> list[str]:
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="app", key=key, confirmed=True)
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="gjenoppretting", confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(10)]
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    return codes
