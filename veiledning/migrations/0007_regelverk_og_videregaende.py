"""Today's law and the videregående template.

The grunnskole template gets a version that names its rules as data (core/regelverk.json:
chapter 3A from 1 January 2026) instead of "§ 23A-…" in its texts; programmes still running
move to it, since their template cited rules no longer in force (their tasks and questions
keep the same keys, so nothing anyone wrote is lost); finished ones keep theirs. The
videregående template, written for a fylkeskommune, is added beside it."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

FOLDER = Path(__file__).resolve().parent.parent / "programmal"


def _load(name: str) -> dict:
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


def forward(apps, schema_editor):
    Programmal = apps.get_model("veiledning", "Programmal")
    Veiledning = apps.get_model("veiledning", "Veiledning")
    now = timezone.now()
    standard = _load("standard.json")
    navn = standard["navn"]["nb"]
    old = list(Programmal.objects.filter(navn=navn).order_by("versjon"))
    if old and "regelverk" not in old[-1].innhold:
        Programmal.objects.filter(navn=navn).update(er_aktiv=False)
        new = Programmal.objects.create(
            navn=navn, versjon=old[-1].versjon + 1, innhold=standard, er_aktiv=True, created_at=now, updated_at=now
        )
        stale = [m.pk for m in old if "regelverk" not in m.innhold]
        Veiledning.objects.filter(programmal_id__in=stale).exclude(steg="avsluttet").update(programmal=new)
    videregaende = _load("videregaende.json")
    if not Programmal.objects.filter(navn=videregaende["navn"]["nb"]).exists():
        Programmal.objects.create(
            navn=videregaende["navn"]["nb"], innhold=videregaende, er_aktiv=True, created_at=now, updated_at=now
        )


class Migration(migrations.Migration):
    dependencies = [("veiledning", "0006_samling_kalender_sekvens")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
