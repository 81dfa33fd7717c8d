"""Tidy catalogue headers and fill the bokmål catalogue (our source language) with itself.

Run after makemessages; nn and en are translated by people."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

for lang in ("nb", "nn", "en"):
    path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path), wrapwidth=0)
    po.metadata.update(
        {
            "Project-Id-Version": "vold-og-trusler-i-skolen",
            "Language": lang,
            "Language-Team": {"nb": "bokmål", "nn": "nynorsk", "en": "English"}[lang],
            "Last-Translator": "VTS team",
            "Report-Msgid-Bugs-To": "",
        }
    )
    po.metadata_is_fuzzy = False
    if lang == "nb":
        for entry in po:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(str(path))
