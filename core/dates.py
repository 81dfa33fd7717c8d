"""Dates as each language writes them.

Templates and code write their date patterns the Norwegian way ("j. b Y", "l j. F Y"). This
module turns such a pattern into the active language's: English drops the full stop after the
day and capitalises the short month ("14 Dec 2026"); Norwegian writes the short month with its
full stop ("14. des. 2026", but "14. mai 2026"). Named formats ("DATE_FORMAT") come from
Django's locale files and ours in config/formats/ (FORMAT_MODULE_PATH).

The template filter ``date`` is replaced by ours (core/templatetags/sprak.py, a builtin), so
``{{ d|date:"j. b Y" }}`` needs no change; Python code uses ``core.dates.date_format``."""

import re

from django.utils import formats
from django.utils.formats import FORMAT_SETTINGS
from django.utils.translation import get_language

# Språkrådet's abbreviations: a full stop, except the short names written in full.
NORWEGIAN_SHORT_MONTHS = ("jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des.")

_DAY_WITH_STOP = re.compile(r"(?<!\\)j\.")
_SHORT_MONTH = re.compile(r"(?<!\\)b")


def _escaped(text: str) -> str:
    return "".join("\\" + char for char in text)


def local_format(fmt: str, value=None) -> str:
    """The Norwegian-style pattern ``fmt`` as the active language writes it."""
    if not fmt or fmt in FORMAT_SETTINGS:
        return fmt
    if (get_language() or "nb").startswith("en"):
        return _SHORT_MONTH.sub("M", _DAY_WITH_STOP.sub("j", fmt))
    if value is not None and hasattr(value, "month"):
        return _SHORT_MONTH.sub(lambda _: _escaped(NORWEGIAN_SHORT_MONTHS[value.month - 1]), fmt)
    return fmt


def date_format(value, format=None, use_l10n=None) -> str:  # Django's own signature
    """django.utils.formats.date_format, with the pattern in the active language's form."""
    return formats.date_format(value, local_format(format or "DATE_FORMAT", value), use_l10n=use_l10n)
