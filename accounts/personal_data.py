"""One person's data, for an admin to export (innsyn) or delete (sletting)."""

import json

from django.db import transaction

from accounts.models import User
from core.audit import audit_purge_for, audit_record
from core.models import AuditEntry, Paminnelse


def _user_data(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"email": user.email, "navn": user.navn, "language": user.language, "created_at": str(user.created_at)}


def person_export(*, email: str) -> str:
    from kommuner.models import Kontakt
    from veiledning.models import Deltaker

    email = email.lower()
    user = User.objects.filter(email__iexact=email).first()
    kontakter = Kontakt.objects.filter(epost__iexact=email)
    deltakelse = Deltaker.objects.filter(epost__iexact=email)
    data = {
        "bruker": _user_data(user),
        "kontakter": list(
            kontakter.values("navn", "epost", "telefon", "rolle", "tittel", "kommune__navn", "skole__navn")
        ),
        "deltakelse": list(deltakelse.values("navn", "rolle", "samling__type", "samling__start", "oppmott")),
        "paminnelser": list(
            Paminnelse.objects.filter(recipient__iexact=email).values("kind", "due_at", "state", "sent_at")
        ),
        "endringer": list(AuditEntry.objects.filter(actor=user).values("at", "action", "object_repr")) if user else [],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@transaction.atomic
def person_delete(*, email: str, by: User) -> dict[str, int]:
    """Delete the person's contacts, participations, reminders and account, with the
    history of those rows. What they wrote in assessments and plans stays, unsigned."""
    from kommuner.models import Kontakt
    from veiledning.models import Deltaker

    counts = {"kontakter": 0, "deltakelse": 0, "paminnelser": 0}
    for kontakt in Kontakt.objects.filter(epost__iexact=email):
        audit_purge_for(kontakt)
        kontakt.delete()
        counts["kontakter"] += 1
    for deltaker in Deltaker.objects.filter(epost__iexact=email):
        audit_purge_for(deltaker)
        deltaker.delete()
        counts["deltakelse"] += 1
    counts["paminnelser"] = Paminnelse.objects.filter(recipient__iexact=email).delete()[0]
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        audit_record(obj=user, action="delete", by=by, changes={"person": ["slettet", None]}, source="personvern")
        user.delete()  # AuditEntry.actor becomes empty: who did what is no longer personal
    return counts
