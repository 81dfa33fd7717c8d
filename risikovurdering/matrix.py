"""Small pure functions over a Risikomatrise (DESIGN.md §4; CONVENTIONS.md: data that drives
behaviour). Levels are looked up by index; None means "not yet rated"."""

from dataclasses import dataclass

from veiledning.programmal import tekst

# A level's tag colour in Designsystemet (data-color), by its css class.
TAG_COLOR = {"risk-lav": "success", "risk-middels": "warning", "risk-hoy": "danger"}


@dataclass(frozen=True)
class Niva:
    key: str
    navn: str
    css: str

    @property
    def color(self) -> str:
        return TAG_COLOR.get(self.css, "neutral")


def _level(matrise, key: str, language: str) -> Niva:
    spec = next(n for n in matrise.nivaer if n["key"] == key)
    return Niva(key=key, navn=tekst(spec["navn"], language), css=spec["css"])


def risk_level(matrise, sannsynlighet: int | None, alvorlighet: int | None, language: str = "nb") -> Niva | None:
    if sannsynlighet is None or alvorlighet is None:
        return None
    if not (0 <= sannsynlighet < len(matrise.sannsynlighet) and 0 <= alvorlighet < len(matrise.alvorlighet)):
        return None
    return _level(matrise, matrise.grid[sannsynlighet][alvorlighet], language)


def scale_label(matrise, axis: str, index: int | None, language: str = "nb") -> str:
    """A position on the sannsynlighet or alvorlighet scale by its name ("Daglig"), never
    its index; "–" when not rated or off the scale."""
    scale = getattr(matrise, axis)
    if not isinstance(index, int) or not 0 <= index < len(scale):
        return "–" if index is None else str(index)
    return tekst(scale[index]["navn"], language)


def level_rank(matrise, key: str | None) -> int:
    """Position of a level from lowest (0); not rated is -1. For sorting by risk."""
    keys = [n["key"] for n in matrise.nivaer]
    return keys.index(key) if key in keys else -1


def check_rules(matrise) -> list[str]:
    """The two rules every shipped matrix keeps (DESIGN.md §4)."""
    problems = []
    lowest = matrise.nivaer[0]["key"]
    worst = len(matrise.alvorlighet) - 1
    if any(row[worst] == lowest for row in matrise.grid):
        problems.append("svært alvorlig is never the lowest level")
    if matrise.grid[-1][0] == lowest:
        problems.append("daily minor events are at least the middle level")
    if len(matrise.grid) != len(matrise.sannsynlighet) or any(len(r) != len(matrise.alvorlighet) for r in matrise.grid):
        problems.append("the grid has the shape of the axes")
    return problems


def heatmap(matrise, pairs, language: str = "nb") -> list[dict]:
    """Rows from most to least likely, each cell with its count and level written out.
    `pairs` are (sannsynlighet, alvorlighet) of rated rows."""
    counts: dict[tuple[int, int], int] = {}
    for s, a in pairs:
        if s is not None and a is not None:
            counts[(s, a)] = counts.get((s, a), 0) + 1
    table = []
    for s in reversed(range(len(matrise.sannsynlighet))):
        cells = [
            {"count": counts.get((s, a), 0), "niva": risk_level(matrise, s, a, language), "a": a}
            for a in range(len(matrise.alvorlighet))
        ]
        table.append({"label": tekst(matrise.sannsynlighet[s]["navn"], language), "s": s, "cells": cells})
    return table
