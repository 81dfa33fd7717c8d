"""Load the default programme template, so no page has to create it on a GET."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

STANDARD = Path(__file__).resolve().parent.parent / "programmal" / "standard.json"


def load(apps, schema_editor):
    Programmal = apps.get_model("veiledning", "Programmal")
    if not Programmal.objects.exists():
        innhold = json.loads(STANDARD.read_text(encoding="utf-8"))
        now = timezone.now()
        Programmal.objects.create(navn=innhold["navn"]["nb"], innhold=innhold, created_at=now, updated_at=now)


class Migration(migrations.Migration):
    dependencies = [("veiledning", "0002_veiledning_brev_mottakere_veiledning_brev_sendt_at_and_more")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
