"""A person's participation in Samlinger, for the export and deletion of one person's data."""

from accounts.personal_data import Source
from veiledning.models import Deltaker

COLUMNS = ("navn", "rolle", "samling__type", "samling__start", "oppmott")

DELTAKELSE = Source(
    name="deltakelse",
    export=lambda email: list(Deltaker.objects.filter(epost__iexact=email).values(*COLUMNS)),
    rows=lambda email: list(Deltaker.objects.filter(epost__iexact=email)),
)
