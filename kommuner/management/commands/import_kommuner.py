from kommuner.importing import import_kommuner
from kommuner.management.commands._import_base import ImportCommand


class Command(ImportCommand):
    help = "Importer kommuner fra CSV (kolonner: orgnr;nummer;navn;type[;fylke;malform;postmottak])."
    importer = staticmethod(import_kommuner)
    noun = "Kommuner"
