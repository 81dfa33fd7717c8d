"""Fill nn and en translations from a JSON file: {"msgid": {"nn": "...", "en": "..."}}.

Plural entries take lists: {"nn": ["singular", "plural"]}. Used after makemessages.sh."""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
wanted = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
for lang in ("nn", "en"):
    path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid in wanted:
            value = wanted[entry.msgid][lang]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(str(path))
    left = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    if left:
        print(lang, "still missing:", left)
