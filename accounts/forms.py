from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import email_normalize


class AddressField(forms.EmailField):
    """An address in its one spelling (accounts.models.email_normalize) before it is validated."""

    def to_python(self, value):
        return email_normalize(super().to_python(value))


class LoginForm(AuthenticationForm):
    username = AddressField(
        label=_("E-post"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("Feil e-post eller passord. Passordet skiller mellom store og små bokstaver."),
        "inactive": _("Denne brukeren er deaktivert."),
    }


PASSWORD_MAX_LENGTH = 200  # room for a long passphrase; a megabyte is not one


class SetPasswordForm(forms.Form):
    """Choosing a password from an invitation link."""

    password1 = forms.CharField(
        label=_("Nytt passord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Gjenta passordet"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("Passordene er ikke like."))
        return cleaned
