"""The default programme template, loaded from the seed deck's content (standard.json)."""

import json
from pathlib import Path

STANDARD_PATH = Path(__file__).parent / "standard.json"


def standard_innhold() -> dict:
    return json.loads(STANDARD_PATH.read_text(encoding="utf-8"))


def tekst(value, language: str) -> str:
    """A template text in the language asked for: nn where there is one, else nb."""
    if isinstance(value, dict):
        return value.get(language) or value.get("nb") or ""
    return value or ""
