"""A password field has a bound too (issue 15, part 1): a megabyte is a form error."""

from accounts.forms import SetPasswordForm


def test_a_password_of_a_megabyte_is_a_form_error():
    big = "Aa1-" * 250_000
    form = SetPasswordForm({"password1": big, "password2": big})
    assert not form.is_valid() and "password1" in form.errors
