"""The suggested measures cover the whole chapter: workplace design and arrangement,
systematic maintenance of alarms, organising the work, and routines for notifying and
reporting join the list (from forslag.json, by their bokmål text, so a new database that
loaded the current file in 0002 gets nothing twice); the nynorsk "skuleplass" becomes
"skulegard". Texts an administrator changed are left as they are."""

import json
from pathlib import Path

from django.db import migrations

FORSLAG = Path(__file__).resolve().parent.parent / "forslag.json"
NN_FIXES = {
    "Vaksne til stades i overgangane (gang, garderobe, skuleplass)": (
        "Vaksne til stades i overgangane (gang, garderobe, skulegard)"
    ),
}


def forward(apps, schema_editor):
    Tiltaksforslag = apps.get_model("handlingsplan", "Tiltaksforslag")
    stored = list(Tiltaksforslag.objects.all())
    for forslag in stored:
        nn = forslag.tekst.get("nn")
        if nn in NN_FIXES:
            forslag.tekst = {**forslag.tekst, "nn": NN_FIXES[nn]}
            forslag.save(update_fields=["tekst"])
    if not stored:
        return  # 0002 loads the whole file into an empty table
    known = {forslag.tekst.get("nb") for forslag in stored}
    for item in json.loads(FORSLAG.read_text(encoding="utf-8")):
        if item["tekst"]["nb"] not in known:
            Tiltaksforslag.objects.create(**item)


class Migration(migrations.Migration):
    dependencies = [("handlingsplan", "0005_omrader_kapittel_3a")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
