import pytest

from core.privacy import findings, fodselsnummer_valid
from risikovurdering.matrix import check_rules, heatmap, risk_level
from risikovurdering.services import matrise_standard

# The default grid, row by row from sjelden to daglig, columns mindre / alvorlig / svært alvorlig.
EXPECTED = [
    ["lav", "middels", "middels"],
    ["lav", "middels", "hoy"],
    ["middels", "hoy", "hoy"],
    ["middels", "hoy", "hoy"],
]


@pytest.fixture
def matrise(db):
    return matrise_standard()


@pytest.mark.parametrize("s", range(4))
@pytest.mark.parametrize("a", range(3))
def test_level_over_the_whole_default_grid(matrise, s, a):
    level = risk_level(matrise, s, a)
    assert level.key == EXPECTED[s][a]
    assert level.css == f"risk-{level.key}" and level.navn  # written out, not colour alone


def test_the_two_rules_hold_in_the_default(matrise):
    assert all(risk_level(matrise, s, 2).key != "lav" for s in range(4))  # svært alvorlig is never lav
    assert risk_level(matrise, 3, 0).key in ("middels", "hoy")  # daily small events are at least middels
    assert check_rules(matrise) == []


def test_rules_catch_a_bad_matrix(matrise):
    matrise.grid = [row[:] for row in matrise.grid]
    matrise.grid[0][2] = "lav"
    matrise.grid[3][0] = "lav"
    assert len(check_rules(matrise)) == 2


@pytest.mark.parametrize(("s", "a"), [(None, 1), (2, None), (None, None), (9, 0), (0, -1)])
def test_not_rated(matrise, s, a):
    assert risk_level(matrise, s, a) is None


def test_level_names_in_nynorsk(matrise):
    assert risk_level(matrise, 3, 2, "nn").navn == "Høg"


def test_heatmap_counts_and_levels(matrise):
    table = heatmap(matrise, [(3, 0), (3, 0), (0, 2), (None, 1)])
    daily = table[0]
    assert daily["cells"][0]["count"] == 2 and daily["cells"][0]["niva"].key == "middels"
    assert table[-1]["cells"][2]["count"] == 1


INVALID_FNR = "01010112346"


def test_fodselsnummer_control_digits():
    assert not fodselsnummer_valid(INVALID_FNR)
    assert fodselsnummer_valid(_valid_fnr())


def _valid_fnr() -> str:
    for serial in range(1000):
        candidate = f"010101{serial:03d}"
        for k in range(100):
            digits = candidate + f"{k:02d}"
            if fodselsnummer_valid(digits):
                return digits
    raise AssertionError


def test_privacy_guard_flags_a_valid_fodselsnummer():
    assert findings(f"Eleven med fnr {_valid_fnr()} slo") == ["et fødselsnummer"]


def test_privacy_guard_flags_any_eleven_digits():
    assert findings(f"Nummer {INVALID_FNR} i teksten") == ["et tall på 11 sifre"]


def test_privacy_guard_lets_plain_text_through():
    assert findings("Trengsel i gangen ved skolestart, ofte på mandager etter helger.") == []
    assert findings("Klasse 5B har 24 elever og 3 voksne.") == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Ring 912 34 567", "et telefonnummer"),
        ("Send til ola@example.com", "en e-postadresse"),
        ("Ola Nordmann sparket", "et navn"),
        ("Eleven har ADHD", "en diagnose"),
    ],
)
def test_privacy_guard_other_kinds(text, why):
    assert why in findings(text)


def test_an_address_is_found_wherever_it_starts_and_a_long_run_without_one_is_fine():
    """The address pattern starts only where a run of address characters starts, so a long
    text without "@" is scanned once (it used to be rescanned from every position)."""
    from core.privacy import findings

    for text in ("ola@example.com", "(kari.n+1@skole.no)", "til: per@x.no, takk"):
        assert findings(text) == ["en e-postadresse"]
    assert findings("x" * 200_000) == []
