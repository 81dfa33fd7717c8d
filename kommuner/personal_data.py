"""A person's Kontakter, for the export and deletion of one person's data."""

from accounts.personal_data import Source
from kommuner.models import Kontakt

COLUMNS = ("navn", "epost", "telefon", "rolle", "tittel", "kommune__navn", "skole__navn")

KONTAKTER = Source(
    name="kontakter",
    export=lambda email: list(Kontakt.objects.filter(epost__iexact=email).values(*COLUMNS)),
    rows=lambda email: list(Kontakt.objects.filter(epost__iexact=email)),
)
