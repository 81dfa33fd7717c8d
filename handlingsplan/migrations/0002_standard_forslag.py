"""Load the suggested measures, so no page creates them on a GET."""

import json
from pathlib import Path

from django.db import migrations

FORSLAG = Path(__file__).resolve().parent.parent / "forslag.json"


def load(apps, schema_editor):
    Tiltaksforslag = apps.get_model("handlingsplan", "Tiltaksforslag")
    if not Tiltaksforslag.objects.exists():
        for item in json.loads(FORSLAG.read_text(encoding="utf-8")):
            Tiltaksforslag.objects.create(**item)


class Migration(migrations.Migration):
    dependencies = [("handlingsplan", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
