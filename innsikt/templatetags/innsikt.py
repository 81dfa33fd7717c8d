from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def prosent(value) -> str:
    """A fraction as a whole per cent in the reader's locale ("45 %"); "–" for none."""
    if value is None:
        return "–"
    return f"{number_format(round(value * 100), 0)} %"


@register.filter
def prosentpoeng(value) -> str:
    """A change in a share, in percentage points with its sign ("+12", "−3")."""
    if value is None:
        return "–"
    points = round(value * 100)
    return f"+{points}" if points > 0 else f"−{-points}" if points < 0 else "0"


@register.filter
def desimal(value, places: int = 1) -> str:
    if value is None:
        return "–"
    text = number_format(round(value, places), places)
    return text.replace("-", "−")
