"""Rows made by the old «Legg til risikoforhold» (a row at once) and never edited: empty,
at their first version and answered by no measure. They showed as "(ikke valgt) – –
ikke vurdert" in the list and the PDF; a row is now made by its first save."""

from django.db import migrations

EMPTY = {
    "hvor": "", "hvor_annet": "", "nar": "", "nar_annet": "", "situasjon": "", "utsatte": [], "utsatte_annet": "",
    "hendelse": "", "faktorer": [], "eksisterende_tiltak": "", "sannsynlighet": None, "alvorlighet": None,
}  # fmt: skip


def remove_ghost_rows(apps, schema_editor):
    Risikoforhold = apps.get_model("risikovurdering", "Risikoforhold")
    rows = Risikoforhold.objects.filter(versjon=1, vurdering__status="utkast", tiltak__isnull=True, **EMPTY)
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("risikovurdering", "0006_risikoforhold_forrige"),
        ("handlingsplan", "0003_bounds"),
    ]

    operations = [migrations.RunPython(remove_ghost_rows, migrations.RunPython.noop)]
