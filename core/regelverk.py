"""The rules the programme rests on, as data with the period each applies to
(core/regelverk.json): chapter 3A of forskrift om utførelse av arbeid from 1 January 2026,
chapter 23A before it, and the sections of arbeidsmiljøloven and other acts the programme
names. Pages, help texts, the letter and the PDFs ask for a rule by its topic (`tema`) and
a date, never by a paragraph number, so that a change in the law is a change of data."""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext

from core.language import content_language

DATA_PATH = Path(__file__).parent / "regelverk.json"


@dataclass(frozen=True)
class Referanse:
    key: str
    tema: str
    kilde: str
    paragraf: str
    tittel: dict
    tekst: dict
    lenke: str
    gyldig_fra: date | None
    gyldig_til: date | None

    def i_kraft(self, on: date) -> bool:
        return (self.gyldig_fra is None or self.gyldig_fra <= on) and (self.gyldig_til is None or on <= self.gyldig_til)

    def tittel_pa(self, language: str | None = None) -> str:
        return _text(self.tittel, language)

    def tekst_pa(self, language: str | None = None) -> str:
        return _text(self.tekst, language)


def _text(value: dict, language: str | None) -> str:
    language = language or content_language()
    return value.get(language) or value.get("nb") or ""


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@cache
def _data() -> dict:
    return json.loads(DATA_PATH.read_text(encoding="utf-8"))


@cache
def alle() -> tuple[Referanse, ...]:
    return tuple(
        Referanse(
            key=r["key"], tema=r["tema"], kilde=r["kilde"], paragraf=r["paragraf"], tittel=r["tittel"],
            tekst=r.get("tekst", {}), lenke=r["lenke"], gyldig_fra=_date(r.get("gyldig_fra")),
            gyldig_til=_date(r.get("gyldig_til")),
        )
        for r in _data()["referanser"]
    )  # fmt: skip


def _today() -> date:
    return timezone.localdate()


def gjeldende(tema: str, on: date | None = None) -> Referanse | None:
    """The paragraph on this topic in force on `on` (today by default)."""
    on = on or _today()
    return next((r for r in alle() if r.tema == tema and r.i_kraft(on)), None)


def tidligere(tema: str, on: date | None = None) -> Referanse | None:
    """The paragraph on this topic that was in force before the one in force on `on`,
    shown as "tidligere § 23A-1" where users know the old number."""
    on = on or _today()
    earlier = [r for r in alle() if r.tema == tema and r.gyldig_til is not None and r.gyldig_til < on]
    return max(earlier, key=lambda r: r.gyldig_til, default=None)


def kapittel(on: date | None = None) -> list[Referanse]:
    """The violence-and-threats chapter of forskrift om utførelse av arbeid in force on `on`,
    in its own order."""
    on = on or _today()
    return [r for r in alle() if r.kilde == "fua" and r.i_kraft(on)]


def kilde_navn(kilde: str, on: date | None = None, language: str | None = None) -> str:
    """The name of an act or regulation as it was called on `on` ("forskrift om utførelse av
    arbeid, psykososialt arbeidsmiljø, …" from 2026)."""
    on = on or _today()
    for navn in _data()["kilder"][kilde]["navn"]:
        if (_date(navn.get("gyldig_fra")) or date.min) <= on <= (_date(navn.get("gyldig_til")) or date.max):
            return _text(navn, language)
    return ""


def kapittel_navn(on: date | None = None, language: str | None = None) -> str:
    """ "forskrift om utførelse av arbeid … kapittel 3A", as it stood on `on`."""
    on = on or _today()
    chapter = kapittel(on)
    if not chapter:  # before 2017 the regulation had no chapter on violence and threats
        return kilde_navn("fua", on, language)
    number = chapter[0].paragraf.removeprefix("§ ").split("-")[0]
    return f"{kilde_navn('fua', on, language)} kapittel {number}"


def paragraf_med_tidligere(tema: str, on: date | None = None) -> str:
    """ "§ 3A-2 (tidligere § 23A-1)": the number in force, with the old one users know."""
    now, before = gjeldende(tema, on), tidligere(tema, on)
    if now is None:
        return before.paragraf if before else ""
    if before is None or before.paragraf == now.paragraf:
        return now.paragraf
    return gettext("%(paragraf)s (tidligere %(tidligere)s)") % {"paragraf": now.paragraf, "tidligere": before.paragraf}


def panel(temaer: tuple[str, ...] | None = None, on: date | None = None, language: str | None = None) -> list[dict]:
    """What the "Regelverket" panel shows: each paragraph in force on `on` (the chapter by
    default, or the topics asked for), with the number it had before and its Lovdata link."""
    on = on or _today()
    refs = kapittel(on) if temaer is None else [r for t in temaer if (r := gjeldende(t, on)) is not None]
    return [_shown(r, on, language) for r in refs]


def panel_for(keys: list[str], on: date | None = None, language: str | None = None) -> list[dict]:
    """The panel for a programme template's own list of references: each as it stands on
    `on`; one replaced since (a template written under chapter 23A) shows as the paragraph
    that replaced it, with the old number beside it."""
    on = on or _today()
    by_key = {r.key: r for r in alle()}
    shown, seen = [], set()
    for key in keys:
        ref = by_key.get(key)
        if ref is None:
            continue
        if not ref.i_kraft(on):
            ref = gjeldende(ref.tema, on) or ref
        if ref.key not in seen:
            seen.add(ref.key)
            shown.append(_shown(ref, on, language))
    return shown


def _shown(r: Referanse, on: date, language: str | None) -> dict:
    old = tidligere(r.tema, on)
    return {
        "key": r.key,
        "tema": r.tema,
        "kilde": r.kilde,
        "paragraf": r.paragraf,
        # Outside the chapter, the act's name goes with the number ("arbeidsmiljøloven § 4-3").
        "navn": r.paragraf if r.kilde == "fua" else f"{kilde_navn(r.kilde, on, language)} {r.paragraf}",
        "tittel": r.tittel_pa(language),
        "tekst": r.tekst_pa(language),
        "lenke": r.lenke,
        "tidligere": old.paragraf if old and old.paragraf != r.paragraf else "",
    }
