from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommuner.importing import ImportFailed, Problem, RowError, file_too_large


class ImportCommand(BaseCommand):
    importer = None  # a staticmethod in each subclass
    noun = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-fil, UTF-8, semikolon- eller kommaseparert")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Fant ikke filen %(file)s") % {"file": file})
        try:
            too_large = file_too_large(path.stat().st_size)  # before reading it into memory
            if too_large:
                raise too_large
            result = self.importer(self._text(path))
        except ImportFailed as failed:
            raise CommandError(self._report(failed)) from None  # the report, not a traceback
        self.stdout.write(f"{self.noun}: {result.created} nye, {result.updated} oppdatert, {result.unchanged} uendret.")

    def _report(self, failed: ImportFailed) -> str:
        if [error.line for error in failed.errors] == [None]:
            return str(failed.errors[0])  # the file as a whole: too large, not UTF-8
        for error in failed.errors:
            self.stderr.write(str(error))
        if failed.saved:
            return _(
                "Stoppet på en feil etter at %(saved)s rader var lagret. Rett feilen og importer filen på nytt: "
                "rader som alt er lagret, blir ikke doble."
            ) % {"saved": failed.saved}
        count = len(failed.errors)
        return ngettext(
            "%(count)s rad med feil. Ingenting er importert.",
            "%(count)s rader med feil. Ingenting er importert.",
            count,
        ) % {"count": count}

    @staticmethod
    def _text(path: Path) -> str:
        data = path.read_bytes()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            message = _("Filen er ikke UTF-8: byte %(byte)s på linje %(line)s.") % {
                "byte": f"0x{data[error.start]:02x}",
                "line": line,
            }
            raise ImportFailed([RowError(None, [Problem("", message)])]) from None
