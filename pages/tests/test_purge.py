"""`manage.py purge_old`: the manual front on the one retention rule (pages/retention.py),
counted from when the programme was set to «avsluttet», in months."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.audit import history_for
from core.models import Paminnelse
from veiledning.models import Deltaker, StegEndring, Veiledning


def _finish(veiledning: Veiledning, *, months_ago: int) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=31 * months_ago)):
        veiledning.steg = Veiledning.Steg.AVSLUTTET
        veiledning.save()
        StegEndring.objects.create(veiledning=veiledning, fra="oppfolging", til=Veiledning.Steg.AVSLUTTET)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("purge_old", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_purge_old_dry_run_changes_nothing_and_then_removes_personal_data(world, settings):
    settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = 12
    veiledning = world.own.veiledning
    _finish(veiledning, months_ago=13)
    deltaker = Deltaker.objects.filter(samling__veiledning=veiledning).first()
    assert history_for(deltaker).exists()
    n_deltakere = Deltaker.objects.filter(samling__veiledning=veiledning).count()

    out = _run("--dry-run")
    assert f"Ville fjernet: {n_deltakere} deltakere" in out
    assert f"- {veiledning}" in out
    assert Deltaker.objects.filter(samling__veiledning=veiledning).count() == n_deltakere
    assert history_for(deltaker).exists()
    assert not history_for(veiledning).filter(source="sletting").exists()

    out = _run()
    assert f"Fjernet: {n_deltakere} deltakere" in out
    assert not Deltaker.objects.filter(samling__veiledning=veiledning).exists()
    assert not history_for(deltaker).exists()  # the history of the purged data goes too
    assert not Paminnelse.objects.filter(target=f"veiledning.samling:{world.own.seminar.pk}").exists()
    # The same audit entry as the nightly job's says what went.
    assert history_for(veiledning).filter(source="sletting").count() == 1
    # Another Kommune's programme, not finished, is untouched.
    assert Deltaker.objects.filter(samling__veiledning=world.foreign.veiledning).exists()


@pytest.mark.django_db
def test_purge_old_counts_months_from_when_the_programme_was_finished(world, settings):
    """The one rule: the period is the setting's months (or --maneder), counted from the
    step history, not from the programme's last change."""
    settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = 12
    veiledning = world.own.veiledning
    _finish(veiledning, months_ago=8)
    veiledning.refresh_from_db()
    veiledning.save()  # changed today, finished eight months ago

    assert "0 avsluttede veiledninger" in _run()
    assert Deltaker.objects.filter(samling__veiledning=veiledning).exists()

    assert "1 avsluttede veiledninger" in _run("--maneder", "6", "--dry-run")
    assert Deltaker.objects.filter(samling__veiledning=veiledning).exists()

    _run("--maneder", "6")
    assert not Deltaker.objects.filter(samling__veiledning=veiledning).exists()


@pytest.mark.django_db
def test_purge_old_refuses_a_period_of_no_months(world):
    with pytest.raises(CommandError):
        _run("--maneder", "0")
