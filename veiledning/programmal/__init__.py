"""The default programme template, loaded from the seed deck's content (standard.json)."""

import json
import re
from pathlib import Path

STANDARD_PATH = Path(__file__).parent / "standard.json"
VIDEREGAENDE_PATH = Path(__file__).parent / "videregaende.json"

# Bounds on what a facilitator may write into the Kommune's copy (services.programmal_adapt).
AGENDA_TITTEL_MAX = 200
LAERINGSMAL_MAX = 500


INNHOLD_MAX_BYTES = 256 * 1024  # the standard template is about 37 kB
INNHOLD_TEXT_MAX = 5000  # any one text in it (the longest, a letter's body, is under 2,000)


def innhold_check(value) -> None:
    """A template the pages can read (Programmal.innhold's validator, so the admin's edits
    are checked): an object of bounded size, with every part the standard template has, each
    of the same kind (a list stays a list), and no text over its bound or with NUL."""
    from django.core.exceptions import ValidationError  # this module loads before the apps
    from django.utils.translation import gettext as _

    from core.bounds import TextValuesValidator

    if not isinstance(value, dict):
        raise ValidationError(_("Innholdet må være et JSON-objekt, som i standardmalen."))
    if len(json.dumps(value, ensure_ascii=False).encode()) > INNHOLD_MAX_BYTES:
        raise ValidationError(_("Innholdet er større enn %(kb)s kB.") % {"kb": INNHOLD_MAX_BYTES // 1024})
    kinds = {key: type(part) for key, part in standard_innhold().items()}
    missing = sorted(key for key in kinds if key not in value)
    wrong = sorted(key for key, kind in kinds.items() if key in value and not isinstance(value[key], kind))
    if missing or wrong:
        raise ValidationError(
            _("Innholdet mangler eller har feil form på: %(deler)s (se standardmalen).")
            % {"deler": ", ".join(missing + wrong)}
        )
    TextValuesValidator(INNHOLD_TEXT_MAX)(value)


def standard_innhold() -> dict:
    return json.loads(STANDARD_PATH.read_text(encoding="utf-8"))


def videregaende_innhold() -> dict:
    """The template for a fylkeskommune's videregående skoler (no SFO; the fylkesdirektør's talk)."""
    return json.loads(VIDEREGAENDE_PATH.read_text(encoding="utf-8"))


# Template versions written before 2026 (still kept by finished programmes) named the rules
# in their texts: "(§ 23A-3)" after a task's ingress, "forskrift om utførelse av arbeid
# kapittel 23A" in the letter. Shown today, such a text would cite a repealed rule as the
# one in force: the number goes (the page names the rule from core.regelverk), and the
# letter's chapter becomes its {forskrift}, named as it stood on the letter's date.
_OLD_PARAGRAPH = re.compile(r"\s*\(§\s*23A-\d\)")
_OLD_CHAPTER = re.compile(r"forskrift om utførelse av arbeid kapittel 23A")


def tekst(value, language: str) -> str:
    """A template text in the language asked for: nn where there is one, else nb."""
    if isinstance(value, dict):
        value = value.get(language) or value.get("nb") or ""
    return _OLD_CHAPTER.sub("{forskrift}", _OLD_PARAGRAPH.sub("", value or ""))


# Templates written before the references became data named chapter 23A only.
REGELVERK_FOR_2026 = ["fua-23A-1", "fua-23A-2", "fua-23A-3", "fua-23A-4", "fua-23A-5"]


def regelverk_keys(innhold: dict) -> list[str]:
    """The references a template version rests on (keys into core/regelverk.json)."""
    return list(innhold.get("regelverk") or REGELVERK_FOR_2026)


def lenker(innhold: dict, language: str, **where) -> list[dict]:
    """The template's links to the programme's material where the deck uses them
    (`oppgave="oppgave2"`, or `ta_med="forslag1", steg=0`), as {tittel, url}."""
    return [
        {"tittel": tekst(lenke["tittel"], language), "url": lenke["url"]}
        for lenke in innhold.get("lenker", [])
        # Only https addresses: the template is edited in the admin, and a link is put in href.
        if str(lenke.get("url", "")).startswith("https://")
        and all(lenke.get(field) == value for field, value in where.items())
    ]


def hovedbudskap(innhold: dict, language: str) -> list[str]:
    """The programme's main messages, as the take-home suggestions carry them."""
    return [tekst(p["hovedbudskap"], language) for p in innhold.get("ta_med", []) if p.get("hovedbudskap")]
