"""The demo writes for each school owner in its målform (issue 19): every demo text is a
{"nb": …, "nn": …} pair, and the Kommune's language picks one."""

from kommuner.models import Kommune

Tekst = dict[str, str]


def pa(kommune: Kommune, tekst: Tekst | str) -> str:
    """The text in the Kommune's målform (nynorsk for a nynorsk one, else bokmål)."""
    if isinstance(tekst, str):
        return tekst
    return tekst[kommune.language]
