"""Post an admin change form as a person would: what the page shows, with some fields changed."""

from django.forms import CheckboxInput, MultiWidget, SelectMultiple


def _field_data(bound) -> dict:
    widget = getattr(bound.field.widget, "widget", bound.field.widget)  # unwrap the admin's related-field wrapper
    value = bound.value()
    name = bound.html_name
    if isinstance(widget, MultiWidget):
        parts = widget.decompress(value)
        return {
            f"{name}_{i}": sub.format_value(part) or ""
            for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True))
        }
    if isinstance(widget, CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, SelectMultiple):
        return {name: [str(v) for v in (value or [])]}
    formatted = widget.format_value(value)
    if isinstance(formatted, list):  # a select: the chosen value
        formatted = formatted[0] if formatted else ""
    return {name: "" if formatted is None else str(formatted)}


def admin_form_data(response, **changes) -> dict:
    """The change page's form and inline formsets as POST data, then `changes` on top
    (a key named `start_0` sets one part of a split date and time)."""
    context = response.context
    data: dict = {}
    for bound in context["adminform"].form:
        data.update(_field_data(bound))
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = "" if bound.value() is None else str(bound.value())
        for form in formset.forms:
            for bound in form:
                data.update(_field_data(bound))
    data.update(changes)
    return data
