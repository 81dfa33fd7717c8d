"""A stored value in words (CONVENTIONS.md: a value reaches a template as its label, never
as a stored code or an index). One place for pages, PDFs, exports, e-mails and history."""

from typing import Any

from django.db import models
from django.utils.translation import gettext

EMPTY = "–"


def label_of(model: type[models.Model], field: str, value: Any) -> str:
    """`value` of `model.field` in the active language: a choice by its label, a list of
    choices by their labels, a yes/no in words, nothing as "–". A model names the choices
    of its JSON lists in `CHOICE_LISTS` ({field: choices})."""
    if value is None or value == "" or value == []:
        return EMPTY
    f = model._meta.get_field(field)
    choices = dict(f.choices or getattr(model, "CHOICE_LISTS", {}).get(f.name, ()))
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nei")
    return str(choices.get(value, value))


def words(obj: models.Model, field: str) -> str:
    """obj.field in words. A model whose values need more than their field (a matrix
    position, the text typed beside "annet") says so in `value_in_words(field)`."""
    method = getattr(obj, "value_in_words", None)
    if method is not None:
        return method(field)
    return label_of(type(obj), field, getattr(obj, field))
