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
