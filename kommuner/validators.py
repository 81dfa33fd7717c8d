import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
# ASCII digits only: str.isdigit() also takes "²" and full-width digits, which int() reads
# as ordinary ones, so "９６４..." would pass the check and be stored beside "964..."
NINE_DIGITS = re.compile(r"[0-9]{9}")


def orgnr_check_digit(first8: str) -> int | None:
    """Brønnøysund's mod-11 check digit for the first eight digits; None if none exists."""
    remainder = sum(int(d) * w for d, w in zip(first8, ORGNR_WEIGHTS, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def is_valid_orgnr(value: str) -> bool:
    return bool(NINE_DIGITS.fullmatch(value)) and orgnr_check_digit(value[:8]) == int(value[8])


def validate_orgnr(value: str) -> None:
    if not NINE_DIGITS.fullmatch(value):
        raise ValidationError(_("Organisasjonsnummeret må ha nøyaktig 9 sifre."), code="orgnr_format")
    if not is_valid_orgnr(value):
        raise ValidationError(_("Organisasjonsnummeret har feil kontrollsiffer."), code="orgnr_check")
