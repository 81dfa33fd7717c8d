"""Versions started before a row knew its predecessor: pair each copy with the row it was
copied from and move the measures' links to the copies, as a review does now. A copy is
paired only where it is certain: the copies made with the new version (within a minute
of it), as many as the rows copied, in the order they were copied."""

from datetime import timedelta

from django.db import migrations


def link_earlier_versions(apps, schema_editor):
    Risikovurdering = apps.get_model("risikovurdering", "Risikovurdering")
    Risikoforhold = apps.get_model("risikovurdering", "Risikoforhold")
    through = apps.get_model("handlingsplan", "Tiltak").risikoforhold.through
    for vurdering in Risikovurdering.objects.filter(forrige__isnull=False).order_by("versjon", "pk"):
        rows = Risikoforhold.objects.filter(vurdering=vurdering)
        if rows.filter(forrige__isnull=False).exists():
            continue  # made after rows knew their predecessor
        old = list(Risikoforhold.objects.filter(vurdering_id=vurdering.forrige_id).order_by("pk"))
        made_with_it = rows.filter(created_at__lte=vurdering.created_at + timedelta(minutes=1)).order_by("pk")
        copies = list(made_with_it)
        if not old or len(old) != len(copies):
            continue
        for rad, kopi in zip(old, copies, strict=True):
            Risikoforhold.objects.filter(pk=kopi.pk).update(forrige=rad)
            for link in through.objects.filter(risikoforhold_id=rad.pk):
                if through.objects.filter(tiltak_id=link.tiltak_id, risikoforhold_id=kopi.pk).exists():
                    link.delete()
                else:
                    through.objects.filter(pk=link.pk).update(risikoforhold_id=kopi.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("risikovurdering", "0007_remove_ghost_rows"),
        ("handlingsplan", "0003_bounds"),
    ]

    operations = [migrations.RunPython(link_earlier_versions, migrations.RunPython.noop)]
