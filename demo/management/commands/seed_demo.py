from django.core.management.base import BaseCommand

from demo.vestland import seed_demo
from innsikt.services import grunnlag_refresh


class Command(BaseCommand):
    help = "Demodata: Vestlands kommuner med fiktive orgnr og skoler, og demobrukere. Kan kjøres flere ganger."

    def handle(self, *args, **options):
        logins = seed_demo()
        grunnlag_refresh()  # the national picture shows the demo at once, not after the first quarter hour
        for login in logins:
            # Exactly this form: scripts read it.
            self.stdout.write(f"demo-login {login.persona} {login.email} {login.password}")
