from django.core.management.base import BaseCommand

from demo.vestland import seed_demo


class Command(BaseCommand):
    help = "Demodata: Vestlands kommuner med fiktive orgnr og skoler, og demobrukere. Kan kjøres flere ganger."

    def handle(self, *args, **options):
        for login in seed_demo():
            # Exactly this form: scripts read it.
            self.stdout.write(f"demo-login {login.persona} {login.email} {login.password}")
