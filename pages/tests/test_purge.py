from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

from core.audit import history_for
from core.models import Paminnelse
from veiledning.models import Deltaker, Veiledning


def _finish_long_ago(veiledning):
    with time_machine.travel(datetime(2019, 6, 1, tzinfo=ZoneInfo("Europe/Oslo"))):
        before = Veiledning.objects.get(pk=veiledning.pk)
        before.steg = Veiledning.Steg.AVSLUTTET
        before.save()


def test_purge_old_dry_run_changes_nothing_and_then_removes_personal_data(world):
    veiledning = world.own.veiledning
    _finish_long_ago(veiledning)
    deltaker = Deltaker.objects.filter(samling__veiledning=veiledning).first()
    assert history_for(deltaker).exists()
    n_deltakere = Deltaker.objects.filter(samling__veiledning=veiledning).count()

    out = StringIO()
    call_command("purge_old", "--older-than", "5", "--dry-run", stdout=out)
    assert f"Ville fjernet: {n_deltakere} deltakere" in out.getvalue()
    assert Deltaker.objects.filter(samling__veiledning=veiledning).count() == n_deltakere

    out = StringIO()
    call_command("purge_old", "--older-than", "5", stdout=out)
    assert "Fjernet" in out.getvalue()
    assert not Deltaker.objects.filter(samling__veiledning=veiledning).exists()
    assert not history_for(deltaker).exists()  # the history of the purged data goes too
    assert (
        not Paminnelse.objects.filter(recipient="hms1@example.com", target__startswith="veiledning.samling:")
        .filter(target=f"veiledning.samling:{world.own.seminar.pk}")
        .exists()
    )
    # Another Kommune's programme, not finished, is untouched.
    assert Deltaker.objects.filter(samling__veiledning=world.foreign.veiledning).exists()
