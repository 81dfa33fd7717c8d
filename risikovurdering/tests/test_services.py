import csv
import io

import pytest
from django.core.exceptions import ValidationError

from core.audit import history_for
from risikovurdering import services
from risikovurdering.models import Risikoforhold, Risikovurdering
from risikovurdering.reports import export_csv, export_xlsx


def test_rows_save_independently_and_a_stale_save_is_refused(world):
    hms, vo = world.own.users["hms"], world.own.users["verneombud"]
    rad1 = world.own.rad
    rad2 = services.risikoforhold_create(vurdering=world.own.vurdering, by=hms)
    services.risikoforhold_save(rad=rad1, fields={"situasjon": "A"}, versjon=1, by=hms)
    services.risikoforhold_save(rad=rad2, fields={"situasjon": "B"}, versjon=1, by=vo)  # another row: no clash
    with pytest.raises(services.StaleRow) as stale:
        services.risikoforhold_save(rad=rad1, fields={"situasjon": "C"}, versjon=1, by=vo)
    assert stale.value.stored.situasjon == "A"
    kept = services.risikoforhold_save(rad=rad1, fields={"situasjon": "C"}, versjon=stale.value.stored.versjon, by=vo)
    assert kept.rad.situasjon == "C" and kept.rad.versjon == 3


def test_autosave_edits_by_one_person_within_ten_minutes_are_one_history_entry(world):
    hms = world.own.users["hms"]
    rad = world.own.rad
    for i, text in enumerate(["T", "Tr", "Trengsel ved garderoben"], start=1):
        services.risikoforhold_save(rad=rad, fields={"situasjon": text}, versjon=i, by=hms)
    updates = history_for(rad).filter(action="update", actor=hms)
    assert updates.count() == 1 and updates.get().changes["situasjon"] == ["Trengsel", "Trengsel ved garderoben"]


def test_privacy_guard_holds_back_the_field_until_confirmed(world):
    hms, rad = world.own.users["hms"], world.own.rad
    result = services.risikoforhold_save(
        rad=rad, fields={"situasjon": "Ola Nordmann slo", "hvor": "klasserom"}, versjon=1, by=hms
    )
    rad.refresh_from_db()
    assert result.paused == {"situasjon": ["et navn"]}
    assert rad.situasjon == "Trengsel" and rad.hvor == "klasserom"  # the rest saved
    services.risikoforhold_save(
        rad=rad, fields={"situasjon": "Ola Nordmann slo"}, versjon=rad.versjon, by=hms, bekreftet={"situasjon"}
    )
    rad.refresh_from_db()
    assert rad.situasjon == "Ola Nordmann slo"


def test_ferdig_needs_every_row_rated_and_sets_the_next_review(world):
    vurdering, hms = world.own.vurdering, world.own.users["hms"]
    with pytest.raises(ValidationError, match="mangler sannsynlighet"):
        services.risikovurdering_set_ferdig(vurdering=vurdering, by=hms)
    services.risikoforhold_save(rad=world.own.rad, fields={"sannsynlighet": 2, "alvorlighet": 1}, versjon=1, by=hms)
    vurdering = services.risikovurdering_set_ferdig(vurdering=vurdering, by=hms)
    assert vurdering.status == "ferdig" and (vurdering.neste_gjennomgang - vurdering.dato).days == 365
    with pytest.raises(ValidationError):
        services.risikoforhold_save(rad=world.own.rad, fields={"situasjon": "X"}, versjon=2, by=hms)


def test_a_new_version_is_a_copy_and_the_old_stays(world):
    vurdering, hms = world.own.vurdering, world.own.users["hms"]
    services.risikoforhold_save(rad=world.own.rad, fields={"sannsynlighet": 3, "alvorlighet": 0}, versjon=1, by=hms)
    services.risikovurdering_set_ferdig(vurdering=vurdering, by=hms)
    copy = services.risikovurdering_new_version(vurdering=vurdering, by=hms)
    assert (copy.versjon, copy.forrige, copy.status) == (2, vurdering, "utkast")
    old_rows = list(vurdering.rader.values_list("hvor", "situasjon", "sannsynlighet", "alvorlighet"))
    assert list(copy.rader.values_list("hvor", "situasjon", "sannsynlighet", "alvorlighet")) == old_rows
    assert Risikovurdering.objects.get(pk=vurdering.pk).status == "ferdig"
    with pytest.raises(ValidationError):
        services.risikovurdering_new_version(vurdering=vurdering, by=hms)


def test_sektor_belongs_to_the_kommune_and_trinn_needs_a_unit(world):
    with pytest.raises(ValidationError):
        services.risikovurdering_create(niva="sektor", skole=world.own.skole, kommune=world.own.kommune, by=None)
    with pytest.raises(ValidationError):
        services.risikovurdering_create(niva="trinn", skole=world.own.skole, by=None)
    assert services.risikovurdering_create(niva="trinn", skole=world.own.skole, enhet="SFO", by=None).kommune == (
        world.own.kommune
    )


def test_exports_escape_formulas(world):
    rad = world.own.rad
    services.risikoforhold_save(
        rad=rad, fields={"situasjon": "=HYPERLINK(\"http://x\")", "eksisterende_tiltak": "+1"}, versjon=1,
        by=world.own.users["hms"],
    )  # fmt: skip
    data = export_csv(world.own.vurdering, "nb")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][4] == '\'=HYPERLINK("http://x")' and rows[1][8] == "'+1"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export_xlsx(world.own.vurdering, "nb"))).active
    assert sheet.cell(row=2, column=5).value.startswith("'=")
    assert sheet.cell(row=2, column=5).data_type == "s"


def test_row_fields_cover_the_exercise():
    names = {f.name for f in Risikoforhold._meta.fields}
    assert {"hvor", "nar", "situasjon", "utsatte", "hendelse", "faktorer", "eksisterende_tiltak"} <= names


def test_admin_refuses_a_matrix_that_breaks_the_rules(db):
    from risikovurdering.admin import RisikomatriseForm

    base = services.matrise_standard()
    data = {
        "navn": "5 × 5", "versjon": 1, "sannsynlighet": base.sannsynlighet, "alvorlighet": base.alvorlighet,
        "nivaer": base.nivaer, "grid": [["lav", "lav", "lav"]] * 4,
    }  # fmt: skip
    import json

    form = RisikomatriseForm(data={k: json.dumps(v) if not isinstance(v, (str, int)) else v for k, v in data.items()})
    assert not form.is_valid()
    assert "svært alvorlig" in str(form.errors)


def test_yearly_review_reminder_30_days_before_and_stopped_by_a_new_version(world):
    from core.models import Paminnelse
    from core.reminders import target_of

    vurdering, hms = world.own.vurdering, world.own.users["hms"]
    services.risikoforhold_save(rad=world.own.rad, fields={"sannsynlighet": 1, "alvorlighet": 1}, versjon=1, by=hms)
    vurdering = services.risikovurdering_set_ferdig(vurdering=vurdering, by=hms)
    rows = Paminnelse.objects.filter(target=target_of(vurdering), kind="risiko_gjennomgang", state="planlagt")
    assert {r.recipient for r in rows} == {"hms1@example.com", "verneombud1@example.com"}
    assert all((vurdering.neste_gjennomgang - r.due_at.date()).days in (29, 30) for r in rows)
    services.risikovurdering_new_version(vurdering=vurdering, by=hms)
    assert not rows.filter(state="planlagt").exists()
