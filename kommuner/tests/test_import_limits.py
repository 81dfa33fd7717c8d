"""Hostile and careless import files (issue 15, item 3): every bad row is reported with its
line and column, nothing crashes, and nothing odd is stored."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo.vestland import demo_orgnr
from kommuner.importing import MAX_FILE_BYTES, ImportFailed, import_kommuner, import_skoler
from kommuner.models import Kommune, Skole

BERGEN = "964338531"  # Bergen kommune's real orgnr: valid mod-11
KOMMUNE_HEADER = "orgnr;nummer;navn;type\n"
SKOLE_HEADER = "orgnr;navn;kommune_orgnr;skoletype;elever;ansatte\n"
LIA = demo_orgnr(8_100_000)


def full_width(digits: str) -> str:
    return "".join(chr(0xFF10 + int(d)) for d in digits)


def problems(failed: pytest.ExceptionInfo) -> list[tuple[int, str]]:
    """(line, column) of every problem reported."""
    return [(error.line, problem.column) for error in failed.value.errors for problem in error.problems]


@pytest.fixture
def bergen(db):
    import_kommuner(KOMMUNE_HEADER + f"{BERGEN};4601;Bergen;kommune\n")
    return Kommune.objects.get()


def test_full_width_orgnr_is_refused_not_a_second_bergen(bergen):
    text = KOMMUNE_HEADER + f"{full_width(BERGEN)};4601;Bergen (kopi);kommune\n"
    with pytest.raises(ImportFailed) as failed:
        import_kommuner(text)
    assert problems(failed) == [(2, "orgnr")]
    assert "0–9" in str(failed.value.errors[0])
    assert list(Kommune.objects.values_list("navn", flat=True)) == ["Bergen"]


def test_full_width_digits_in_nummer_are_refused(db):
    with pytest.raises(ImportFailed) as failed:
        import_kommuner(KOMMUNE_HEADER + f"{BERGEN};{full_width('4601')};Bergen;kommune\n")
    assert problems(failed) == [(2, "nummer")]
    assert Kommune.objects.count() == 0


def test_full_width_orgnr_of_a_skole_is_refused(bergen):
    import_skoler(SKOLE_HEADER + f"{LIA};Lia skule;{BERGEN};barneskole;210;30\n")
    text = SKOLE_HEADER + f"{full_width(LIA)};Lia skule (kopi);{full_width(BERGEN)};barneskole;210;30\n"
    with pytest.raises(ImportFailed) as failed:
        import_skoler(text)
    assert problems(failed) == [(2, "orgnr"), (2, "kommune_orgnr")]
    assert list(Skole.objects.values_list("navn", flat=True)) == ["Lia skule"]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (f"12345678²;Lia skule;{BERGEN};barneskole;210;30", "orgnr"),
        (f"{LIA};Lia skule;{BERGEN};barneskole;²;30", "elever"),
        (f"{LIA};Lia skule;{BERGEN};barneskole;210;{'9' * 5000}", "ansatte"),
        (f"{LIA};Lia skule;{BERGEN};barneskole;-1;30", "elever"),
    ],
)
def test_odd_digits_and_huge_numbers_are_row_errors(bergen, row, column):
    with pytest.raises(ImportFailed) as failed:
        import_skoler(SKOLE_HEADER + row + "\n")
    assert problems(failed) == [(2, column)]
    assert Skole.objects.count() == 0


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\r"])
def test_control_characters_are_refused(bergen, char):
    text = SKOLE_HEADER + f'{LIA};"Lia{char}skule";{BERGEN};barneskole;210;30\n'
    with pytest.raises(ImportFailed) as failed:
        import_skoler(text)
    assert problems(failed) == [(2, "navn")]
    assert f"U+{ord(char):04X}" in str(failed.value.errors[0])
    assert Skole.objects.count() == 0


def test_a_carriage_return_in_an_unquoted_field_names_line_and_column(bergen):
    text = SKOLE_HEADER + f"{LIA};Lia\rskule;{BERGEN};barneskole;210;30\n{LIA[:-1]}x;Haugen;{BERGEN};barneskole;1;1\n"
    with pytest.raises(ImportFailed) as failed:
        import_skoler(text)
    assert problems(failed) == [(2, "navn"), (3, "orgnr")]
    assert "U+000D" in str(failed.value.errors[0])


def test_windows_line_endings_are_fine(bergen):
    text = (SKOLE_HEADER + f"{LIA};Lia skule;{BERGEN};barneskole;210;30\n").replace("\n", "\r\n")
    assert import_skoler(text).created == 1
    assert Skole.objects.get().ansatte == 30


def test_a_short_row_is_reported_not_a_crash(db):
    with pytest.raises(ImportFailed) as failed:
        import_kommuner(KOMMUNE_HEADER + f"{BERGEN};4601\n")
    assert problems(failed) == [(2, "type")]  # navn is reported once the row has a type
    assert Kommune.objects.count() == 0


def test_a_tab_inside_a_field_is_allowed(bergen):
    import_skoler(SKOLE_HEADER + f"{LIA};Lia\tskule;{BERGEN};barneskole;210;30\n")
    assert Skole.objects.get().navn == "Lia\tskule"


def test_a_field_longer_than_the_model_allows_names_line_and_column(bergen):
    rows = [
        f"{LIA};Lia skule;{BERGEN};barneskole;210;30",
        f"{demo_orgnr(8_100_001)};{'x' * 201};{BERGEN};barneskole;210;30",
        f"{demo_orgnr(8_100_002)};{'y' * 1_000_000};{BERGEN};barneskole;210;30",  # past the parser's limit
        f"{demo_orgnr(8_100_003)};Strand skule;{BERGEN};folkehøgskole;210;30",  # still checked after that
    ]
    with pytest.raises(ImportFailed) as failed:
        import_skoler(SKOLE_HEADER + "\n".join(rows) + "\n")
    assert problems(failed) == [(3, "navn"), (4, "navn"), (5, "skoletype")]
    assert "200" in str(failed.value.errors[0])
    assert len(str(failed.value)) < 2000  # the report does not echo the megabyte
    assert Skole.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_reading(db):
    text = KOMMUNE_HEADER + f"{BERGEN};4601;{'x' * (MAX_FILE_BYTES + 1)};kommune\n"
    with pytest.raises(ImportFailed) as failed:
        import_kommuner(text)
    assert "MB" in str(failed.value)
    assert Kommune.objects.count() == 0


def test_command_reports_a_20_mb_field_and_exits_non_zero_without_a_traceback(db, tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(KOMMUNE_HEADER + f"{BERGEN};4601;{'x' * 20_000_000};kommune\n", encoding="utf-8")
    stderr = StringIO()
    with pytest.raises(CommandError, match="MB"):
        call_command("import_kommuner", str(path), stderr=stderr)
    assert Kommune.objects.count() == 0


def test_command_reports_every_bad_row_with_line_and_column(bergen, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        SKOLE_HEADER
        + f"{LIA};Lia\x00skule;{BERGEN};barneskole;210;30\n"
        + f"{demo_orgnr(8_100_001)};Haugen skule;{BERGEN};barneskole;²;30\n",
        encoding="utf-8",
    )
    stderr = StringIO()
    with pytest.raises(CommandError, match="2 rad"):
        call_command("import_skoler", str(path), stderr=stderr)
    report = stderr.getvalue()
    assert "Linje 2" in report and "navn" in report and "U+0000" in report
    assert "Linje 3" in report and "elever" in report
    assert "Traceback" not in report
    assert Skole.objects.count() == 0


def test_command_names_the_line_of_bytes_that_are_not_utf8(db, tmp_path):
    path = tmp_path / "k.csv"
    path.write_bytes(KOMMUNE_HEADER.encode() + f"{BERGEN};4601;Bergen;kommune\n".encode() + b"x;1;B\xf8;kommune\n")
    with pytest.raises(CommandError, match=r"[Ll]inje 3"):
        call_command("import_kommuner", str(path))
    assert Kommune.objects.count() == 0
