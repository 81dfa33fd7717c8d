import time

from django.core.management.base import BaseCommand

from demo.scale import Scale, seed_scale


class Command(BaseCommand):
    help = (
        "Nasjonale skaladata for ytelsestestene: 357 kommuner, 3000 skoler med ferdig risikovurdering og "
        "handlingsplan, 200 veiledninger med evaluering. Kan avbrytes og kjøres igjen; den fortsetter der den stoppet."
    )

    def add_arguments(self, parser):
        defaults = Scale()
        for name in ("kommuner", "skoler", "rader", "tiltak", "veiledninger", "svar", "storby"):
            parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))

    def handle(self, *args, **options):
        scale = Scale(**{name: options[name] for name in Scale.__dataclass_fields__})
        started = time.monotonic()
        logins = seed_scale(scale, progress=lambda message: self.stdout.write(message))
        self.stdout.write(f"ferdig på {time.monotonic() - started:.0f} s")
        for login in logins:
            self.stdout.write(f"scale-login {login.persona} {login.email} {login.password}")
