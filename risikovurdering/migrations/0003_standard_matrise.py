"""Load the default risk matrix (the seminar's 4 × 3), so no page creates it on a GET."""

import json
from pathlib import Path

from django.db import migrations

STANDARD = Path(__file__).resolve().parent.parent / "matriser" / "standard.json"


def load(apps, schema_editor):
    Risikomatrise = apps.get_model("risikovurdering", "Risikomatrise")
    if not Risikomatrise.objects.filter(er_standard=True).exists():
        Risikomatrise.objects.create(**json.loads(STANDARD.read_text(encoding="utf-8")), er_standard=True)


class Migration(migrations.Migration):
    dependencies = [("risikovurdering", "0002_kommentar")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
