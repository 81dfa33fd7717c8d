"""Every user-facing string in bokmål, nynorsk and English: the catalogues are complete,
current with the code, free of fuzzy entries, and keep every placeholder."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LANGS = ("nb", "nn", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(Path(settings.BASE_DIR) / "locale" / lang / "LC_MESSAGES" / "django.po"))


def incomplete(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po.untranslated_entries()] + [f"fuzzy: {e.msgid}" for e in po.fuzzy_entries()]


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_complete_and_not_fuzzy(lang):
    po = catalogue(lang)
    assert len(po) > 100
    assert incomplete(po) == [], f"untranslated or fuzzy in {lang}"


def test_one_missing_or_fuzzy_translation_is_caught():
    po = catalogue("nn")
    po[5].msgstr = ""
    po[6].flags.append("fuzzy")
    assert incomplete(po) == [po[5].msgid, f"fuzzy: {po[6].msgid}"]


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_placeholders(lang):
    wrong = []
    for entry in catalogue(lang).translated_entries():
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, target in pairs:
            if sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(target))):
                wrong.append(entry.msgid)
    assert wrong == []


def test_nynorsk_uses_the_agreed_terms():
    text = " ".join(e.msgstr or " ".join(e.msgstr_plural.values()) for e in catalogue("nn"))
    for term in ("skule", "verneombod", "tilsette"):
        assert term in text
    assert " ikke " not in f" {text} "


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is needed to extract strings")
def test_catalogues_are_current_with_the_code(tmp_path):
    """Extract strings afresh in a copy of the tree: none may be missing from the catalogue."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(".venv", "node_modules", "var", ".git", "*.mo", "__pycache__", "static"),
    )
    env = {"VAR_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nb", "-e", "html,txt,py", "--no-location",
         "--ignore=tests", "--ignore=*/tests/*", "--ignore=scripts"],
        cwd=copy, env=env, check=True, capture_output=True,
    )  # fmt: skip
    fresh = polib.pofile(str(copy / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh if not e.obsolete and (not e.msgstr and not e.msgstr_plural.get(0))]
    assert missing == [], "Run makemessages and translate these strings"
