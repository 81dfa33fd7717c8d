"""Language checks (issue 19): nynorsk texts carry no bokmål-only words and never call a text,
plan or assessment "han"/"ho"; counts have singular and plural; dates read as each language
writes them; programme texts shown on an English page are marked as Norwegian."""

import datetime
import json
import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

BASE = Path(settings.BASE_DIR)

# Words that are never nynorsk (each has a nynorsk form: ikkje, kva, kven, kvar, korleis, kva for,
# frå, skule, tilsett, vald, truslar, verneombod, tillitsvald …). Words that are both bokmål and
# nynorsk ("også", "etter", "mellom", "nå" as a verb, "lærer" as a verb) are left out on purpose.
BOKMAL_ONLY = {
    "ikke", "hva", "hvem", "hvor", "hvordan", "hvorfor", "hvilke", "hvilken", "hvilket", "hvis",
    "hver", "hvert", "fra", "skole", "skolen", "skoler", "skolene", "skoleeier", "ansatt", "ansatte",
    "vold", "volden", "trusler", "truslene", "verneombud", "verneombudet", "tillitsvalgt",
    "tillitsvalgte", "noen", "noe", "mye", "bare", "ennå", "sammen", "uten", "dere", "deres", "jeg",
    "disse", "selv", "gjør", "gjøre", "ble", "vært", "hjem", "hendelse", "hendelser", "veileder",
    "veiledning", "veiledningen", "forebygge", "forebyggende", "arbeidsgiver", "arbeidstaker",
    "egen", "eget", "egne", "sikkerhet", "ledelse", "elevene", "situasjoner", "kommer", "dem",
}  # fmt: skip
WORD = re.compile(r"\w+")  # "import_skoler" (a command name) is one word
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|%%")
# Proper names and quoted titles that keep their own (bokmål) wording in a nynorsk text.
ALLOWED = (
    "«Jobbe med mennesker»",
    "forskrift om utførelse av arbeid",
)
# "han"/"ho" (and the object "henne") as pronouns. In a nynorsk text they may stand for a
# person only; for a text, plan, assessment, link or report, name the thing.
PRONOUN = re.compile(r"\b(han|ho|henne)\b", re.IGNORECASE)
PERSON_PRONOUN_NB = re.compile(r"\b(han|hun|ham|henne)\b", re.IGNORECASE)


def _catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(BASE / "locale" / lang / "LC_MESSAGES" / "django.po"))


def _pairs(po: polib.POFile):
    """(bokmål msgid, translation) for every translated entry, both plural forms included."""
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            yield entry.msgid, entry.msgstr_plural.get(0, "")
            yield entry.msgid_plural, entry.msgstr_plural.get(1, "")
        else:
            yield entry.msgid, entry.msgstr


def bokmal_words(text: str) -> list[str]:
    text = PLACEHOLDER.sub(" ", text)
    for allowed in ALLOWED:
        text = text.replace(allowed, " ")
    return sorted({w for w in WORD.findall(text) if w.lower() in BOKMAL_ONLY})


def thing_pronouns(nb: str, nn: str) -> list[str]:
    """«han»/«ho» in the nynorsk text where the bokmål text has no personal pronoun: then the
    bokmål said "den/det" or named a thing, and the nynorsk pronoun stands for a thing."""
    if PERSON_PRONOUN_NB.search(nb):
        return []
    return sorted({m.lower() for m in PRONOUN.findall(PLACEHOLDER.sub(" ", nn))})


def _report(offenders: list[tuple[str, str, list[str]]]) -> str:
    return "\n" + "\n".join(f"  {words}: {nn!r}\n      (nb: {nb!r})" for nb, nn, words in offenders)


# --- The word checks themselves ------------------------------------------------------------


def test_the_word_check_finds_bokmal_and_leaves_nynorsk_alone():
    assert bokmal_words("Skulen har ikke svart. Hva gjer vi?") == ["Hva", "ikke"]
    assert bokmal_words("Kva skular er med, og kven frå kommunen kjem òg etter møtet?") == []
    assert bokmal_words("%(skole)s: %(fra)s til %(til)s") == []  # placeholders are code
    assert bokmal_words("Arbeidsmiljøhjelpen, tema «Jobbe med mennesker»") == []
    assert bokmal_words("import_skoler") == []


def test_the_pronoun_check_finds_a_text_called_han():
    assert thing_pronouns("Rett den, eller bekreft at den ikke gjør det.", "Rett han, eller stadfest.") == ["han"]
    assert thing_pronouns("Lenken virker i ett døgn.", "Ho verkar i eitt døgn.") == ["ho"]
    assert thing_pronouns("Spør rektor om hun kommer.", "Spør rektor om ho kjem.") == []
    assert thing_pronouns("Den er lagret.", "Teksten er lagra.") == []
    assert thing_pronouns("Det er hans plan.", "Det er planen hans.") == []  # "hans" is a possessive


# --- The nynorsk catalogue -----------------------------------------------------------------


def test_nynorsk_catalogue_has_no_bokmal_only_words():
    offenders = [(nb, nn, words) for nb, nn in _pairs(_catalogue("nn")) if (words := bokmal_words(nn))]
    assert offenders == [], "Bokmål words in locale/nn:" + _report(offenders)


def test_nynorsk_catalogue_never_calls_a_thing_han_or_ho():
    offenders = [(nb, nn, words) for nb, nn in _pairs(_catalogue("nn")) if (words := thing_pronouns(nb, nn))]
    assert offenders == [], "«han»/«ho» standing for a thing in locale/nn (name the thing):" + _report(offenders)


def test_nynorsk_catalogue_keeps_one_spelling():
    """One spelling each where nynorsk allows two, and the words the glossary agreed on."""
    text = "\n".join(nn for _, nn in _pairs(_catalogue("nn")))
    for wrong, right in [
        ("åleinearbeid", "aleinearbeid"), ("næraste", "nærmaste"), ("skuleplass", "skulegard"),
        ("gongene", "gongane"), ("ukjent", "ukjend"), ("kommande", "komande"),
    ]:  # fmt: skip
        assert not re.search(rf"\b{wrong}\b", text, re.IGNORECASE), f"{wrong} → {right}"
    # "sendt" (participle) is "sendt" in the singular; "send" is the imperative.
    assert not re.search(r"\b(er|blir|vart|vere|ikkje) send\b", text), "send → sendt"
    assert re.search(r"\bVald er ei kvar handling som har som føremål\b", text)


# --- The programme's template data: every "nn" text ----------------------------------------


def _nn_texts(node, path="$"):
    """(path, bokmål, nynorsk) for every dict in the JSON that has an "nn" text."""
    if isinstance(node, dict):
        if isinstance(node.get("nn"), str):
            yield path, node.get("nb", ""), node["nn"]
        for key, value in node.items():
            yield from _nn_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nn_texts(value, f"{path}[{i}]")


def _data_files() -> list[Path]:
    return [
        *sorted((BASE / "veiledning" / "programmal").glob("*.json")),
        BASE / "core" / "regelverk.json",
        BASE / "handlingsplan" / "forslag.json",  # the suggested measures (loaded by a migration)
    ]


def _data_offenders(check) -> list[str]:
    found = []
    for path in _data_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        for where, nb, nn in _nn_texts(data):
            if words := check(nb, nn):
                found.append(f"  {path.relative_to(BASE)} {where}: {words}\n      nn: {nn!r}")
    return found


def test_template_data_is_found():
    assert any(True for path in _data_files() for _ in _nn_texts(json.loads(path.read_text(encoding="utf-8"))))


def test_template_data_nynorsk_has_no_bokmal_only_words():
    offenders = _data_offenders(lambda nb, nn: bokmal_words(nn))
    assert offenders == [], "Bokmål words in the nynorsk texts of the template data:\n" + "\n".join(offenders)


def test_template_data_nynorsk_never_calls_a_thing_han_or_ho():
    offenders = _data_offenders(thing_pronouns)
    assert offenders == [], "«han»/«ho» standing for a thing in the template data:\n" + "\n".join(offenders)


def test_template_data_keeps_one_spelling():
    offenders = _data_offenders(
        lambda nb, nn: re.findall(r"\b(åleinearbeid|næraste|skuleplass|gongene)\b", nn, re.IGNORECASE)
    )
    assert offenders == [], "Use aleinearbeid, nærmaste, skulegard, gongane:\n" + "\n".join(offenders)


# --- Counts: singular and plural -----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        ("nb", "1 deltaker er lagt til.", "3 deltakere er lagt til."),
        ("nn", "1 deltakar er lagd til.", "3 deltakarar er lagde til."),
        ("en", "1 participant has been added.", "3 participants have been added."),
    ],
)
def test_participants_added_has_singular_and_plural(lang, one, many):
    from django.utils.translation import ngettext

    with translation.override(lang):
        said = [ngettext("%(n)s deltaker er lagt til.", "%(n)s deltakere er lagt til.", n) % {"n": n} for n in (1, 3)]
    assert said == [one, many]


# --- Dates as each language writes them ----------------------------------------------------

DAY = datetime.date(2026, 12, 14)


@pytest.mark.parametrize(
    ("lang", "short", "long", "weekday"),
    [
        ("nb", "14. des. 2026", "14. desember 2026", "mandag 14. desember 2026"),
        ("nn", "14. des. 2026", "14. desember 2026", "måndag 14. desember 2026"),
        ("en", "14 Dec 2026", "14 December 2026", "Monday 14 December 2026"),
    ],
)
def test_dates_read_as_each_language_writes_them(lang, short, long, weekday):
    template = Template('{{ d|date:"j. b Y" }}|{{ d|date:"j. F Y" }}|{{ d|date:"l j. F Y" }}')
    with translation.override(lang):
        assert template.render(Context({"d": DAY})) == f"{short}|{long}|{weekday}"


def test_dates_in_python_read_as_each_language_writes_them():
    from core.dates import date_format

    with translation.override("en"):
        assert date_format(DAY, "j. F Y") == "14 December 2026"
        assert date_format(DAY, "DATE_FORMAT") == "14 December 2026"
    with translation.override("nb"):
        assert date_format(DAY, "j. F Y") == "14. desember 2026"


# --- Programme texts on an English page ----------------------------------------------------


def test_programme_text_is_marked_norwegian_on_an_english_page():
    template = Template("{% programme_language_note %}<p>{{ t|programtekst }}</p>")
    with translation.override("en"):
        html = template.render(Context({"t": "Hva ser vi etter?"}))
    assert '<span lang="nb">Hva ser vi etter?</span>' in html
    assert "in Norwegian" in html
    with translation.override("nn"):
        html = template.render(Context({"t": "Kva ser vi etter?"}))
    assert html == "<p>Kva ser vi etter?</p>"  # the page's own language: nothing to mark


def test_the_group_tasks_page_in_english_marks_the_programme_texts_as_norwegian(client, world):
    from django.urls import reverse

    user = world.own.users["hms"]
    client.force_login(user)
    url = reverse("veiledning:oppgaver", args=[world.own.veiledning.pk, world.own.skole.pk])
    user.language = "en"
    user.save(update_fields=["language"])
    english = client.get(url).content.decode()
    assert english.count("programme-language-note") == 1
    assert "The programme's own texts (tasks, questions and suggestions) are in Norwegian." in unescape(english)
    assert english.count('<span lang="nb">') >= 3  # the tasks' titles and questions
    user.language = "nn"
    user.save(update_fields=["language"])
    nynorsk = client.get(url).content.decode()
    assert "programme-language-note" not in nynorsk and '<span lang="nb">' not in nynorsk


def test_the_seminar_view_in_english_says_once_that_the_programme_texts_are_norwegian(client, world):
    from django.urls import reverse

    world.veileder.language = "en"
    world.veileder.save(update_fields=["language"])
    client.force_login(world.veileder)
    html = client.get(reverse("veiledning:seminar", args=[world.own.veiledning.pk])).content.decode()
    assert html.count("programme-language-note") == 1
    assert '<span lang="nb">' in html  # the agenda, the tasks, the regulation's texts


def test_the_self_assessment_in_english_marks_its_points_as_norwegian(client, world):
    from django.urls import reverse

    user = world.own.users["hms"]
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    url = reverse("veiledning:egenvurdering", args=[world.own.veiledning.pk, world.own.skole.pk, "baseline"])
    html = client.get(url).content.decode()
    assert html.count("programme-language-note") == 1
    assert re.search(r'<(legend|label)[^>]*><span lang="nb">', html)  # each point's question
    assert "Comment" in html  # the page's own words stay English
