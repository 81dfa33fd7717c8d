from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommuner.importing import ImportFailed


class ImportCommand(BaseCommand):
    importer = None  # a staticmethod in each subclass
    noun = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-fil, UTF-8, semikolon- eller kommaseparert")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fant ikke filen {file}")
        try:
            result = self.importer(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} er ikke UTF-8: {error}") from error
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(failed.errors)} rad(er) med feil. Ingenting er importert.") from failed
        self.stdout.write(f"{self.noun}: {result.created} nye, {result.updated} oppdatert, {result.unchanged} uendret.")
