"""Fixtures shared by every app's tests: a Kommune → Skole → users chain, twice, so
each test can check its own tenant and a foreign one."""

from dataclasses import dataclass, field

import pytest

from accounts.models import User
from kommuner.demo import demo_orgnr
from kommuner.models import Kommune, Kontakt, Skole
from kommuner.services import kommune_upsert, kontakt_create, kontakt_link_user, skole_upsert
from veiledning.services import veiledning_create

PASSWORD = "Et-godt-passord-2026"  # noqa: S105 (test users only)
PERSONAS = ("veileder", "admin", "skoleeier", "hvo", "bht", "hms", "verneombud")


@dataclass
class Tenant:
    kommune: Kommune
    skole: Skole
    users: dict[str, User] = field(default_factory=dict)
    kontakter: dict[str, Kontakt] = field(default_factory=dict)


def make_user(email: str, **flags) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, navn=email.split("@")[0], **flags)


def make_tenant(n: int, *, malform: str = Kommune.Malform.BOKMAL, veileder: User | None = None) -> Tenant:
    kommune, _ = kommune_upsert(
        orgnr=demo_orgnr(9_000_000 + n),
        fields={"nummer": f"{4600 + n}", "navn": f"Testkommune {n}", "type": "kommune", "malform": malform},
    )
    skole, _ = skole_upsert(
        orgnr=demo_orgnr(8_000_000 + n),
        fields={"navn": f"Testskole {n}", "kommune": kommune, "skoletype": Skole.Skoletype.BARNESKOLE},
    )
    tenant = Tenant(kommune, skole)
    roles = {
        "skoleeier": (Kontakt.Rolle.KOMMUNALSJEF, None),
        "hvo": (Kontakt.Rolle.HVO, None),
        "bht": (Kontakt.Rolle.BHT, None),
        "hms": (Kontakt.Rolle.REKTOR, skole),
        "verneombud": (Kontakt.Rolle.VERNEOMBUD, skole),
    }
    for persona, (rolle, at_skole) in roles.items():
        user = make_user(f"{persona}{n}@example.com")
        kontakt = kontakt_create(kommune=kommune, skole=at_skole, rolle=rolle, navn=user.navn, epost=user.email)
        tenant.kontakter[persona] = kontakt_link_user(kontakt=kontakt, user=user)
        tenant.users[persona] = user
    if veileder is not None:
        veiledning_create(kommune=kommune, veiledere=[veileder])
    return tenant


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing strength is not under test; a quick hasher keeps the suite fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    own: Tenant
    foreign: Tenant
    veileder: User
    admin: User

    def user(self, persona: str) -> User | None:
        if persona == "anon":
            return None
        if persona in ("veileder", "admin"):
            return getattr(self, persona)
        return self.own.users[persona]


@pytest.fixture
def world(db) -> World:
    veileder = make_user("veileder@example.com", is_veileder=True)
    admin = User.objects.create_superuser(email="admin@example.com", password=PASSWORD)
    own = make_tenant(1, veileder=veileder)
    foreign = make_tenant(2, malform=Kommune.Malform.NYNORSK)
    return World(own=own, foreign=foreign, veileder=veileder, admin=admin)
