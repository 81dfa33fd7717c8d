import pytest

from core.models import AuditEntry
from demo.vestland import demo_orgnr
from kommuner.importing import ImportFailed, import_kommuner, import_skoler
from kommuner.models import Kommune, Skole
from kommuner.validators import is_valid_orgnr

HEADER = "orgnr;nummer;navn;type;fylke;malform\n"


def kommune_rows(n: int) -> list[str]:
    return [f"{demo_orgnr(9_100_000 + i)};{4000 + i};Kommune {i};kommune;Vestland;nynorsk" for i in range(n)]


def test_valid_import_creates_and_reimport_changes_nothing(db):
    text = HEADER + "\n".join(kommune_rows(100)) + "\n"
    result = import_kommuner(text)
    assert result.created == 100
    assert Kommune.objects.count() == 100
    entries = AuditEntry.objects.count()

    again = import_kommuner(text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 100)
    assert Kommune.objects.count() == 100
    assert AuditEntry.objects.count() == entries  # nothing changed, nothing recorded


def test_reimport_updates_by_orgnr(db):
    import_kommuner(HEADER + "\n".join(kommune_rows(3)))
    rows = kommune_rows(3)
    rows[1] = rows[1].replace("Kommune 1", "Nytt navn").replace("nynorsk", "bokmal")
    result = import_kommuner(HEADER + "\n".join(rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    kommune = Kommune.objects.get(orgnr=demo_orgnr(9_100_001))
    assert (kommune.navn, kommune.malform) == ("Nytt navn", "bokmal")
    assert AuditEntry.objects.filter(object_id=kommune.orgnr, action="update").get().changes["navn"] == [
        "Kommune 1",
        "Nytt navn",
    ]


def test_three_bad_rows_among_100_are_all_reported_and_nothing_is_imported(db):
    rows = kommune_rows(100)
    bad_orgnr = rows[9].split(";")[0][:8] + str((int(rows[9].split(";")[0][8]) + 1) % 10)
    rows[9] = rows[9].replace(rows[9].split(";")[0], bad_orgnr)  # line 11: wrong check digit
    rows[49] = rows[49].replace(";kommune;", ";bydel;")  # line 51: unknown type
    rows[89] = rows[89].replace(f";{4089};", ";46;")  # line 91: 2 digits for a kommune
    with pytest.raises(ImportFailed) as failed:
        import_kommuner(HEADER + "\n".join(rows))
    assert [e.line for e in failed.value.errors] == [11, 51, 91]
    assert "kontrollsiffer" in str(failed.value.errors[0])
    assert "bydel" in str(failed.value.errors[1])
    assert "4 sifre" in str(failed.value.errors[2])
    assert Kommune.objects.count() == 0


def test_duplicate_orgnr_in_file_names_both_lines(db):
    rows = kommune_rows(2)
    rows.append(rows[0])
    with pytest.raises(ImportFailed) as failed:
        import_kommuner(HEADER + "\n".join(rows))
    assert [e.line for e in failed.value.errors] == [4]
    assert "linje 2" in str(failed.value.errors[0])


def test_missing_column_is_reported(db):
    with pytest.raises(ImportFailed) as failed:
        import_kommuner("orgnr;navn\n123;x\n")
    assert "nummer" in str(failed.value.errors[0]) and "type" in str(failed.value.errors[0])


def test_import_skoler_with_unknown_kommune_and_bad_numbers(db):
    import_kommuner(HEADER + "\n".join(kommune_rows(1)))
    kommune_orgnr = demo_orgnr(9_100_000)
    text = (
        "orgnr,navn,kommune_orgnr,skoletype,elever,ansatte\n"
        f"{demo_orgnr(8_100_000)},Lia skule,{kommune_orgnr},barneskole,210,30\n"
        f"{demo_orgnr(8_100_001)},Haugen skule,999999999,barneskole,210,30\n"
        f"{demo_orgnr(8_100_002)},Strand skule,{kommune_orgnr},folkehøgskole,mange,30\n"
    )
    with pytest.raises(ImportFailed) as failed:
        import_skoler(text)
    assert [e.line for e in failed.value.errors] == [3, 4]
    assert "mange" in str(failed.value.errors[1]) and "folkehøgskole" in str(failed.value.errors[1])
    assert Skole.objects.count() == 0

    good = "\n".join(line for i, line in enumerate(text.splitlines()) if i in (0, 1))
    assert import_skoler(good).created == 1
    assert import_skoler(good).unchanged == 1
    assert Skole.objects.get().elever == 210


def test_demo_orgnr_pass_the_mod11_check():
    assert all(is_valid_orgnr(demo_orgnr(9_990_000 + n)) for n in range(4600, 4660))
    assert is_valid_orgnr("974760673")  # Brønnøysundregistrene's own
    assert not is_valid_orgnr("974760674")


def test_management_command_reports_lines_and_exits_non_zero(db, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "k.csv"
    rows = kommune_rows(3)
    rows[2] = rows[2].replace(";kommune;", ";by;")
    path.write_text(HEADER + "\n".join(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="1 rad"):
        call_command("import_kommuner", str(path))
    assert Kommune.objects.count() == 0
