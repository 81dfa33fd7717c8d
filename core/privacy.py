"""Privacy guard (DESIGN.md §4): text that may identify a person. Assessments are about
situations, never named pupils or staff. Every free text a school or Kommune writes is
checked here when it is saved; on the risk rows the same patterns also run in the browser
(static/js/rad.js), so autosave waits there before anything is sent."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.bounds import check_fields

ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6})\s?(\d{5})(?!\d)")
# The lookbehind starts a match only where a run of address characters starts: without it,
# a long run with no "@" is rescanned from every position (quadratic: 1 MB never finished).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(
    r"(?<![\d])(?:\+47[\s-]?)?(?:\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}|\d{3}[\s-]?\d{2}[\s-]?\d{3})(?![\d])"
)
# Common Norwegian first names followed by a capitalised word: "Ola Nordmann".
FIRST_NAMES = (
    "Ola|Kari|Per|Pål|Espen|Jan|Anne|Inger|Ingrid|Hans|Lars|Ole|Nils|Knut|Arne|Bjørn|Kjell|Liv|Marit|Randi|Anna|"
    "Emma|Nora|Sofie|Ella|Maja|Olivia|Leah|Sara|Ida|Ingeborg|Thea|Jakob|Emil|Noah|Oliver|Filip|William|Lucas|"
    "Henrik|Aksel|Jonas|Magnus|Mathias|Sander|Tobias|Elias|Isak|Kristian|Martin|Morten|Karoline|Mohammed|Ali|"
    "Ahmed|Fatima|Aisha|Maria|Julie|Hanna|Mia|Tiril|Vilde|Amalie|Frida|Synne|Silje|Marius|Even|Sindre|Eirik"
)
FULL_NAME = re.compile(rf"\b(?:{FIRST_NAMES})\s+[A-ZÆØÅ][a-zæøå]+")
# ADD, ODD and FAS count only as capitals: as words ("add", "odd") they are everyday English.
DIAGNOSES = re.compile(
    r"\b(autis\w*|asperger\w*|adhd|(?-i:ADD)|tourette\w*|epilep\w*|diabet\w*|psykose\w*|schizofren\w*|"
    r"bipolar\w*|depresj\w*|ptsd|angstlidelse\w*|spiseforstyrr\w*|cerebral parese|down\w* syndrom|(?-i:ODD)|"
    r"tilknytningsforstyrr\w*|(?-i:FAS)|dysleksi\w*|diagnose\w*|utviklingshemm\w*)\b",
    re.IGNORECASE,
)


def fodselsnummer_valid(digits: str) -> bool:
    """The two mod-11 control digits of a Norwegian fødselsnummer."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    k1 = 11 - sum(x * w for x, w in zip(d[:9], (3, 7, 6, 1, 8, 9, 4, 5, 2), strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(x * w for x, w in zip(d[:10], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    return k1 < 10 and k2 < 10 and d[9] == k1 and d[10] == k2


def findings(text: str) -> list[str]:
    """Why this text may identify someone; empty when it looks fine."""
    if not text:
        return []
    found = []
    for match in ELEVEN_DIGITS.finditer(text):
        digits = match.group(1) + match.group(2)
        found.append(_("et fødselsnummer") if fodselsnummer_valid(digits) else _("et tall på 11 sifre"))
        break
    stripped = ELEVEN_DIGITS.sub(" ", text)
    if EMAIL.search(stripped):
        found.append(_("en e-postadresse"))
    if PHONE.search(EMAIL.sub(" ", stripped)):
        found.append(_("et telefonnummer"))
    if FULL_NAME.search(text):
        found.append(_("et navn"))
    if DIAGNOSES.search(text):
        found.append(_("en diagnose"))
    return [str(f) for f in found]


HELD = _("Teksten kan identifisere noen (%(why)s). Rett den, eller bekreft at den ikke gjør det.")
CONFIRM = _("Teksten identifiserer ingen")


def held_back(texts: dict[str, str], *, before: dict | None = None) -> dict[str, list[str]]:
    """The texts that may identify someone: name → why. A text stored as it is (`before`)
    was let through once already and is not asked about again."""
    before = before or {}
    return {name: why for name, text in texts.items() if text != before.get(name) and (why := findings(text))}


class MayIdentify(ValidationError):
    """Texts held back until the person confirms that they identify nobody; `held` says
    which and why, so a page can ask at the right box."""

    def __init__(self, held: dict[str, list[str]]):
        super().__init__({name: HELD % {"why": ", ".join(why)} for name, why in held.items()})
        self.held = held


def check_texts(texts: dict[str, str], *, bekreftet: bool, before: dict | None = None, model=None) -> None:
    """Refuse texts that may identify someone unless the person confirmed they do not: one
    message per field, so a form shows it where the text is, and keeps what was typed.
    With `model`, the texts are held to its fields' bounds first."""
    if model is not None:
        check_fields(model, texts)
    held = {} if bekreftet else held_back(texts, before=before)
    if held:
        raise MayIdentify(held)


def offer_confirm(form, names, *, bound: int | None = None) -> None:
    """Where a posted text may identify someone, the form gains the box to confirm that it
    does not (`bekreft`), right after the last such text, where its message is read; the
    service decides (check_texts), the box lets the person answer."""
    if not form.is_bound:
        return
    flagged = [name for name in names if findings(str(form.data.get(form.add_prefix(name), ""))[:bound])]
    if flagged:
        fields = list(form.fields.items())
        at = [name for name, _field in fields].index(flagged[-1]) + 1
        fields.insert(at, ("bekreft", forms.BooleanField(label=CONFIRM, required=False)))
        form.fields = dict(fields)


def checked_comment(*, model, tekst: str, bekreftet: bool) -> str:
    """A comment's text for `model` (its `tekst` field): stripped, not empty, within its
    bound, and free of what may identify someone unless the person has confirmed that it
    does not. One check for the comments on assessments and on plans."""
    tekst = tekst.strip()
    if not tekst:
        raise ValidationError({"tekst": _("Skriv en kommentar.")})
    check_texts({"tekst": tekst}, bekreftet=bekreftet, model=model)
    return tekst
