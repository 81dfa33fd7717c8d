"""One person's data, for an admin to export (innsyn) or delete (sletting).

The apps that hold rows about a person by e-mail register them here (`register_source`,
from their AppConfig.ready), as they register reminder kinds: accounts knows the account,
the reminders and the history, and no domain app."""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from core.audit import audit_purge_for, audit_record
from core.models import AuditEntry, Paminnelse


@dataclass(frozen=True)
class Source:
    name: str  # the key in the export and in the counts
    export: Callable[[str], list[dict]]  # e-mail -> the person's rows
    rows: Callable[[str], list]  # e-mail -> the model instances to delete


SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    if all(s.name != source.name for s in SOURCES):
        SOURCES.append(source)


def _user_data(user: User | None) -> dict | None:
    if user is None:
        return None
    return {
        "email": user.email,
        "navn": user.navn,
        "language": user.language,
        "created_at": str(user.created_at),
        # OpenID logins linked to the account (deleted with it)
        "innloggingsidentiteter": list(user.identiteter.values("issuer", "sub", "created_at")),
    }


def person_export(*, email: str) -> str:
    email = email.lower()
    user = User.objects.filter(email__iexact=email).first()
    data = {
        "bruker": _user_data(user),
        **{source.name: source.export(email) for source in SOURCES},
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
    counts = {}
    for source in SOURCES:
        counts[source.name] = 0
        for obj in source.rows(email):
            audit_purge_for(obj)
            obj.delete()
            counts[source.name] += 1
    counts["paminnelser"] = Paminnelse.objects.filter(recipient__iexact=email).delete()[0]
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        audit_record(obj=user, action="delete", by=by, changes={"person": ["slettet", None]}, source="personvern")
        user.delete()  # AuditEntry.actor becomes empty: who did what is no longer personal
    return counts
