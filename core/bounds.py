"""Bounds on what people type (issue 15): declared once on the model field, so that its
form (maxlength, help text), every service (audited_create/update run full_clean) and
PostgreSQL (which rejects NUL in text and has fixed column sizes) agree."""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import connection, models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from core.dates import date_format

EARLIEST = date(2000, 1, 1)
YEARS_AHEAD = 10

no_nul = ProhibitNullCharactersValidator()


def latest_date() -> date:
    return timezone.localdate() + relativedelta(years=YEARS_AHEAD)


def validate_programme_date(value: date | datetime) -> None:
    """Dates of the programme lie between 2000 and ten years ahead. Outside, date
    arithmetic (reminders, the follow-up six months on) would overflow at year 9999/0001."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= latest_date():
        raise ValidationError(
            _("Datoen må være mellom %(fra)s og %(til)s."),
            code="programme_window",
            params={"fra": _short(EARLIEST), "til": _short(latest_date())},
        )


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


class BoundedTextField(models.TextField):
    """A TextField whose max_length holds in the model too (Django's TextField leaves it
    to forms), so a service called without a form keeps the bound; NUL is refused."""

    default_validators = [no_nul]

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


class BoundedCharField(models.CharField):
    """A CharField that refuses NUL outside forms as well."""

    default_validators = [no_nul]


@deconstructible
class TextValuesValidator:
    """Every string in a JSON value (keys too) within max_length and free of NUL: a
    JSONField of typed answers gets the same bounds as a text field."""

    def __init__(self, max_length: int):
        self.max_length = max_length

    def __call__(self, value) -> None:
        for text in _strings(value):
            no_nul(text)
            MaxLengthValidator(self.max_length)(text)

    def __eq__(self, other) -> bool:
        return isinstance(other, TextValuesValidator) and other.max_length == self.max_length


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def max_length_of(model, name: str) -> int:
    """The bound a plain form field takes from the model field it feeds."""
    return model._meta.get_field(name).max_length


def show_limits(form: forms.Form) -> None:
    """Say the bound under every long text box (the browser holds it by maxlength).
    Forms are built per request, so the text is in the person's language."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea) and getattr(field, "max_length", None):
            limit = limit_text(field.max_length)
            field.help_text = f"{field.help_text} {limit}" if field.help_text else limit


def limit_text(max_length: int) -> str:
    return _("Høyst %(n)s tegn.") % {"n": max_length}


def check_fields(model: type[models.Model], values: dict) -> None:
    """Run the model fields' own validators on values before anything else reads them:
    the privacy check reads every character, so a megabyte must be refused first."""
    errors = {}
    for name, value in values.items():
        try:
            model._meta.get_field(name).run_validators(value)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Choices by id that a database can look up: a 31-digit id made SQLite overflow (and
    PostgreSQL refuse) inside `pk__in`, where it is only an invalid choice."""

    def _check_values(self, value):
        pk = self.queryset.model._meta.pk
        low, high = connection.ops.integer_field_range(pk.get_internal_type())
        for item in value:
            text = str(item)
            if not (len(text) <= 19 and text.isascii() and text.isdigit() and low <= int(text) <= high):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super()._check_values(value)


@deconstructible
class ChoiceListValidator:
    """A JSON list of choice keys (who took part, who is exposed) holds only known keys."""

    def __init__(self, choices):
        self.choices = list(choices)

    def __call__(self, value) -> None:
        if not isinstance(value, list) or any(item not in self.choices for item in value):
            raise ValidationError(_("Ugyldig verdi."), code="invalid_choice")

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoiceListValidator) and other.choices == self.choices
