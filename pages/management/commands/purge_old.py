"""By hand, the nightly retention job (pages/retention.py, the only rule): what the privacy
statement says is kept no longer, counted in months from when a programme was finished."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pages.retention import personopplysninger_delete_expired
from veiledning.models import Veiledning


class Command(BaseCommand):
    help = (
        "Fjern personopplysninger fra veiledninger som ble avsluttet for mer enn MANEDER måneder siden "
        "(som den nattlige jobben; standard: PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--maneder",
            type=int,
            default=None,
            metavar="MANEDER",
            help=f"Antall måneder etter avslutning (standard: {settings.PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER})",
        )
        parser.add_argument("--dry-run", action="store_true", help="Vis hva som ville blitt fjernet, uten å endre noe")

    def handle(self, *args, maneder: int | None, dry_run: bool, **options):
        if maneder is not None and maneder < 1:
            raise CommandError("--maneder må være minst 1.")
        report = personopplysninger_delete_expired(maneder=maneder, dry_run=dry_run)
        verb = "Ville fjernet" if dry_run else "Fjernet"
        for veiledning in Veiledning.objects.filter(pk__in=report.veiledninger).order_by("pk"):
            self.stdout.write(f"- {veiledning}")
        self.stdout.write(
            f"{verb}: {report.total('deltakere')} deltakere, {report.total('paminnelser')} påminnelser, "
            f"{report.total('fritekstsvar')} fritekstsvar, {report.total('brevmottakere')} brevmottakere, "
            f"{report.total('historikk')} historikkoppføringer fra {len(report.veiledninger)} avsluttede "
            f"veiledninger; {report.skolepaminnelser} påminnelser om skolenes eget arbeid."
        )
