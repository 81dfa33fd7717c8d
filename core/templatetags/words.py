from django import template

from core.words import words as _words

register = template.Library()


@register.filter
def words(obj, field: str) -> str:
    """{{ rad|words:"hvor" }}: the stored value by its label in the reader's language."""
    return _words(obj, field)
