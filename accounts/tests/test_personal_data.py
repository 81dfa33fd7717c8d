import json

from accounts.models import User
from accounts.personal_data import person_delete, person_export
from core.audit import history_for
from kommuner.models import Kontakt
from veiledning.models import Deltaker


def test_export_and_delete_one_persons_data(world):
    email = "hms1@example.com"
    data = json.loads(person_export(email=email))
    assert data["bruker"]["email"] == email and data["kontakter"][0]["rolle"] == "rektor"
    assert data["deltakelse"] and data["paminnelser"]
    kontakt = Kontakt.objects.get(epost=email)
    counts = person_delete(email=email, by=world.admin)
    assert counts["kontakter"] == 1 and counts["deltakelse"] >= 1
    assert not User.objects.filter(email=email).exists()
    assert not Kontakt.objects.filter(epost=email).exists() and not Deltaker.objects.filter(epost=email).exists()
    assert not history_for(kontakt).exists()
    assert User.objects.filter(email="verneombud1@example.com").exists()  # nobody else
