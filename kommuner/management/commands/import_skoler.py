from kommuner.importing import import_skoler
from kommuner.management.commands._import_base import ImportCommand


class Command(ImportCommand):
    help = "Importer skoler fra CSV (kolonner: orgnr;navn;kommune_orgnr;skoletype[;elever;ansatte])."
    importer = staticmethod(import_skoler)
    noun = "Skoler"
