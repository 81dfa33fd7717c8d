"""seed_scale at a small size: the shape of the national data set, built through the
services (audit entries and reminders included), and safe to run again."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import AuditEntry, Paminnelse
from demo.scale import Scale
from demo.tests.test_demo_language import BOKMAL_ONLY, NYNORSK_ONLY, _words
from evaluering.models import Besvarelse
from handlingsplan.models import Tiltak
from kommuner.models import Kommune, Skole
from risikovurdering.models import Risikoforhold, Risikovurdering
from veiledning.models import Samling, Veiledning

SMALL = ["--kommuner", "4", "--skoler", "11", "--rader", "5", "--tiltak", "3", "--veiledninger", "2", "--storby", "5"]


def test_schools_are_spread_with_a_city_first():
    sizes = Scale(kommuner=357, skoler=3000).skoler_per_kommune()
    assert len(sizes) == 357 and sum(sizes) == 3000 and sizes[0] == 180
    assert max(sizes[1:]) - min(sizes[1:]) <= 1


@pytest.mark.django_db(transaction=True)
def test_seed_scale_builds_the_data_set_and_runs_again_without_duplicates():
    out = StringIO()
    call_command("seed_scale", *SMALL, stdout=out)
    scale_kommuner = Kommune.objects.filter(nummer__startswith="7")
    assert scale_kommuner.count() == 4
    assert Skole.objects.filter(kommune__in=scale_kommuner).count() == 11
    assert Skole.objects.get(orgnr=Skole.objects.order_by("orgnr").first().orgnr).kommune.skoler.count() == 5
    vurderinger = Risikovurdering.objects.filter(niva="skole")
    assert vurderinger.count() == 11 and not vurderinger.exclude(status="ferdig").exists()
    assert Risikoforhold.objects.count() == 55
    assert Tiltak.objects.count() == 33
    assert Tiltak.objects.filter(risikoforhold__isnull=False).distinct().count() == 33
    assert Veiledning.objects.count() == 2
    assert Samling.objects.filter(type="seminar").count() == 2
    assert Besvarelse.objects.count() == 2 * 30
    # Written through the services: history and the reminders they imply.
    assert AuditEntry.objects.filter(source="seed_scale").count() > 11 * (5 + 3)
    assert Paminnelse.objects.filter(kind="risiko_gjennomgang").count() == 11 * 3
    logins = [line.split()[1] for line in out.getvalue().splitlines() if line.startswith("scale-login")]
    assert logins == ["veileder", "skoleeier", "rektor"]

    call_command("seed_scale", *SMALL, stdout=StringIO())
    assert Risikoforhold.objects.count() == 55 and Tiltak.objects.count() == 33 and Veiledning.objects.count() == 2

    # Each Kommune's texts in its målform (issue 19): the fourth is nynorsk.
    nynorsk = scale_kommuner.get(malform=Kommune.Malform.NYNORSK)
    texts = [r.situasjon for r in Risikoforhold.objects.filter(vurdering__kommune=nynorsk)]
    texts += [r.eksisterende_tiltak for r in Risikoforhold.objects.filter(vurdering__kommune=nynorsk)]
    texts += [t.beskrivelse for t in Tiltak.objects.filter(plan__kommune=nynorsk)]
    assert texts and not [t for t in texts if _words(BOKMAL_ONLY).search(t)]
    bokmal = [t.beskrivelse for t in Tiltak.objects.exclude(plan__kommune=nynorsk)]
    assert bokmal and not [t for t in bokmal if _words(NYNORSK_ONLY).search(t)]
