from django.core.management.base import BaseCommand

from pages.purge import purge_old


class Command(BaseCommand):
    help = "Fjern personopplysninger fra veiledninger som ble avsluttet for mer enn YEARS år siden."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="YEARS")
        parser.add_argument("--dry-run", action="store_true", help="Vis hva som ville blitt fjernet, uten å endre noe")

    def handle(self, *args, older_than: int, dry_run: bool, **options):
        report = purge_old(years=older_than, dry_run=dry_run)
        verb = "Ville fjernet" if dry_run else "Fjernet"
        for name in report.veiledninger:
            self.stdout.write(f"- {name}")
        self.stdout.write(
            f"{verb}: {report.deltakere} deltakere, {report.paminnelser} påminnelser, "
            f"{report.fritekst} fritekstsvar, {report.history} historikkoppføringer "
            f"fra {len(report.veiledninger)} avsluttede veiledninger."
        )
