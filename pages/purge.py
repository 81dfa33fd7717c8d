"""Purging personal data from finished programmes (DESIGN.md §10: purging personal data
purges its history). What is about situations (assessments, plans) stays with the school;
what names people goes."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.audit import audit_purge_for
from core.models import AuditEntry, Paminnelse
from core.reminders import target_of
from evaluering.models import Svar
from veiledning.models import Deltaker, Veiledning


@dataclass
class PurgeReport:
    veiledninger: list = field(default_factory=list)
    deltakere: int = 0
    paminnelser: int = 0
    fritekst: int = 0
    history: int = 0


def finished_before(years: int):
    cutoff = timezone.now() - timedelta(days=365 * years)
    return Veiledning.objects.filter(steg=Veiledning.Steg.AVSLUTTET, updated_at__lt=cutoff)


def purge_old(*, years: int, dry_run: bool) -> PurgeReport:
    """Participants (names, e-mails), reminder rows (recipients) and evaluation free text
    of Veiledninger finished more than `years` ago, with their history."""
    report = PurgeReport()
    with transaction.atomic():
        for veiledning in finished_before(years).select_related("kommune"):
            report.veiledninger.append(str(veiledning))
            samlinger = list(veiledning.samlinger.all())
            deltakere = Deltaker.objects.filter(samling__in=samlinger)
            targets = [target_of(veiledning)] + [target_of(s) for s in samlinger]
            targets += [target_of(s.evaluering) for s in samlinger if hasattr(s, "evaluering")]
            reminders = Paminnelse.objects.filter(target__in=targets)
            fritekst = Svar.objects.filter(besvarelse__evaluering__samling__in=samlinger).exclude(tekst="")
            report.deltakere += deltakere.count()
            report.paminnelser += reminders.count()
            report.fritekst += fritekst.count()
            if dry_run:
                continue
            for deltaker in deltakere:
                report.history += audit_purge_for(deltaker)
                deltaker.delete()  # one by one: Deltaker is audited, and its history goes too
            reminders.delete()
            for svar in fritekst:
                svar.tekst = ""
                svar.save(update_fields=["tekst"])
            veiledning.brev_mottakere = []
            veiledning.save(update_fields=["brev_mottakere"])
            report.history += AuditEntry.objects.filter(
                content_type__model="veiledning", object_id=str(veiledning.pk), changes__has_key="brev_mottakere"
            ).delete()[0]
        if dry_run:
            transaction.set_rollback(True)
    return report
