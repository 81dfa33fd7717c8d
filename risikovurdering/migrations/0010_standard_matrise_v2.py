"""A new version of the standard risk matrix: the seed's severity ladder names "blikking"
in the lowest band and "skader, sykdommer" in the middle one. An assessment keeps the
matrix version it was made with, so the old version stays as it was; new assessments get
this one (services.matrise_standard takes the newest standard version)."""

import json
from pathlib import Path

from django.db import migrations

STANDARD = Path(__file__).resolve().parent.parent / "matriser" / "standard.json"
AXES = ("sannsynlighet", "alvorlighet", "nivaer", "grid")


def new_version(apps, schema_editor):
    Risikomatrise = apps.get_model("risikovurdering", "Risikomatrise")
    data = json.loads(STANDARD.read_text(encoding="utf-8"))
    latest = Risikomatrise.objects.filter(navn=data["navn"]).order_by("-versjon").first()
    if latest is not None and all(getattr(latest, axis) == data[axis] for axis in AXES):
        return  # a new database loaded the current file in 0003 already
    if latest is None or not Risikomatrise.objects.filter(navn=data["navn"], er_standard=True).exists():
        return  # an administrator chose another matrix as the standard: theirs stays
    for earlier in Risikomatrise.objects.filter(navn=data["navn"], er_standard=True):  # one by one, as services do
        earlier.er_standard = False
        earlier.save(update_fields=["er_standard"])
    Risikomatrise.objects.create(**data, versjon=latest.versjon + 1, er_standard=True)


class Migration(migrations.Migration):
    dependencies = [("risikovurdering", "0009_niva_individ_hamu_hendelser")]
    operations = [migrations.RunPython(new_version, migrations.RunPython.noop)]
