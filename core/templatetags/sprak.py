"""Language in templates, loaded in every template (a builtin, config/settings.py).

- ``date``: Django's filter, with the pattern in the active language's form (core/dates.py), so
  ``{{ d|date:"j. b Y" }}`` reads "14. des. 2026" in Norwegian and "14 Dec 2026" in English.
- ``programtekst``: a text from the programme template (tasks, questions, suggestions), which
  exists in bokmål and nynorsk only. On a page in another language it is shown in bokmål, and
  marked so (``<span lang="nb">``, WCAG 3.1.2).
- ``{% programme_language_note %}``: says once, in the page's language, that the programme's
  own texts are in Norwegian; nothing on a bokmål or nynorsk page."""

from django import template
from django.template import defaultfilters
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.dates import local_format
from core.language import content_language

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if value in (None, ""):
        return ""
    return defaultfilters.date(value, local_format(arg, value) if arg else arg)


def _falls_back() -> bool:
    return content_language() != (get_language() or "nb")


@register.filter
def programtekst(value):
    if value in (None, "") or not _falls_back():
        return value
    return format_html('<span lang="{}">{}</span>', content_language(), value)


@register.simple_tag
def programme_language_note():
    if not _falls_back():
        return ""
    return format_html(
        '<p class="programme-language-note ds-paragraph" data-size="sm">{}</p>',
        _("Programmets egne tekster (oppgaver, spørsmål og forslag) er på norsk."),
    )
