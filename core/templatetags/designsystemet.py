"""Template helpers for our crispy-forms pack of Designsystemet (templates/designsystemet/)."""

from django import template

register = template.Library()


@register.filter
def describedby(field) -> str:
    """The ids a field's input points to: its description and its error message, so a
    screen reader reads both (the pack renders them with these ids)."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.filter
def counted(field) -> int | None:
    """The limit a long-text field counts down to (Designsystemet's counter); short fields,
    whose limit nobody nears, show none."""
    from django.forms import Textarea

    limit = getattr(field.field, "max_length", None)
    return limit if limit and isinstance(field.field.widget, Textarea) else None
