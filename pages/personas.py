"""Which persona a user is, for navigation and the home page (DESIGN.md §9b)."""

from dataclasses import dataclass

from accounts.models import User
from kommuner.models import Kommune, Kontakt, Skole
from kommuner.selectors import memberships_of


@dataclass
class Persona:
    key: str  # veileder, skoleeier, hms or none
    kommune: Kommune | None = None
    skole: Skole | None = None
    kontakt: Kontakt | None = None

    @property
    def has_nav(self) -> bool:
        return self.key != "none"


def persona_for(*, user: User) -> Persona:
    if not user.is_authenticated:
        return Persona("none")
    if user.sees_all:
        return Persona("veileder")
    memberships = memberships_of(user=user)
    for kontakt in memberships:
        if kontakt.skole_id is None:
            return Persona("skoleeier", kommune=kontakt.kommune, kontakt=kontakt)
    for kontakt in memberships:
        return Persona("hms", kommune=kontakt.kommune, skole=kontakt.skole, kontakt=kontakt)
    return Persona("none")
