from django.core.management.base import BaseCommand

from innsikt.services import grunnlag_refresh


class Command(BaseCommand):
    help = "Bygger tabellene bak nasjonalt bilde på nytt (det periodiske jobben gjør hvert kvarter)."

    def handle(self, *args, **options):
        stamp = grunnlag_refresh()
        self.stdout.write(f"innsikt: {stamp.skoler} skoler på {stamp.sekunder:.1f} s")
