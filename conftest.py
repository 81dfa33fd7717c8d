"""Fixtures shared by every app's tests: a Kommune → Skole → users chain, twice, so
each test can check its own tenant and a foreign one."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from demo.vestland import demo_orgnr
from handlingsplan.models import Handlingsplan, Tiltak
from handlingsplan.services import handlingsplan_get_or_create, tiltak_create
from kommuner.models import Kommune, Kontakt, Skole
from kommuner.services import kommune_upsert, kontakt_create, kontakt_link_user, skole_upsert
from risikovurdering.models import Risikoforhold, Risikovurdering
from risikovurdering.services import risikoforhold_create, risikovurdering_create
from veiledning.models import Samling, Veiledning
from veiledning.services import deltakere_add_hms_grupper, samling_schedule, veiledning_create

PASSWORD = "Et-godt-passord-2026"  # noqa: S105 (test users only)
PERSONAS = ("veileder", "admin", "skoleeier", "hvo", "bht", "hms", "verneombud")


@dataclass
class Tenant:
    kommune: Kommune
    skole: Skole
    users: dict[str, User] = field(default_factory=dict)
    kontakter: dict[str, Kontakt] = field(default_factory=dict)
    veiledning: Veiledning | None = None
    seminar: Samling | None = None
    vurdering: Risikovurdering | None = None
    rad: Risikoforhold | None = None
    sektor: Risikovurdering | None = None
    plan: Handlingsplan | None = None
    tiltak: Tiltak | None = None
    kommune_plan: Handlingsplan | None = None


def make_user(email: str, **flags) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, navn=email.split("@")[0], **flags)


def make_tenant(
    n: int,
    *,
    veileder: User | None,
    malform: str = Kommune.Malform.BOKMAL,
    kontakter_mote: bool = False,
    with_plan: bool = True,
) -> Tenant:
    """A Kommune with a school, people in every role, and a Veiledning run by `veileder`
    with its seminar in a week and the school's HMS-gruppe registered for it."""
    kommune, _ = kommune_upsert(
        orgnr=demo_orgnr(9_000_000 + n),
        fields={
            "nummer": f"{4600 + n}",
            "navn": f"Testkommune {n}",
            "type": "kommune",
            "malform": malform,
            "postmottak": f"postmottak{n}@example.com",
        },
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
    if kontakter_mote:  # HMS-seksjon and HTV, who get the letter's copies and meet at oppstart
        kontakt_create(
            kommune=kommune, rolle=Kontakt.Rolle.HMS_RADGIVER, navn="Helga HMS", epost=f"hmsr{n}@example.com"
        )
        kontakt_create(kommune=kommune, rolle=Kontakt.Rolle.HTV, navn="Tore HTV", epost=f"htv{n}@example.com")
    tenant.vurdering = risikovurdering_create(niva="skole", skole=skole, by=None)
    tenant.rad = risikoforhold_create(
        vurdering=tenant.vurdering, by=None, fields={"hvor": "gang", "nar": "friminutt", "situasjon": "Trengsel"}
    )
    tenant.sektor = risikovurdering_create(niva="sektor", kommune=kommune, by=None)
    if with_plan:
        tenant.plan = handlingsplan_get_or_create(kommune=kommune, skole=skole)
        fields = {"beskrivelse": "Voksne i gangen", "omrade": "tiltak", "ansvarlig_rolle": "rektor"}
        tenant.tiltak = tiltak_create(plan=tenant.plan, fields=fields, risikoforhold=[tenant.rad], by=None)
        tenant.kommune_plan = handlingsplan_get_or_create(kommune=kommune)
    if veileder is None:
        return tenant
    tenant.veiledning = veiledning_create(kommune=kommune, veiledere=[veileder], skoler=[skole])
    start = timezone.now().replace(microsecond=0) + timedelta(days=8)
    tenant.seminar = samling_schedule(
        veiledning=tenant.veiledning, type="seminar", start=start, slutt=start + timedelta(hours=4), sted="Rådhuset"
    )
    deltakere_add_hms_grupper(samling=tenant.seminar)
    return tenant


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing strength is not under test; a quick hasher keeps the suite fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """A request leaves its language active in the thread (the language middleware activates
    it); each test starts in the site's default, whatever the test before it asked for."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; every test starts from zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    """Tasks run in-process here; tests/test_worker.py proves the real worker path."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


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
    other_veileder = make_user("annen.veileder@example.com", is_veileder=True)
    admin = User.objects.create_superuser(email="admin@example.com", password=PASSWORD)
    own = make_tenant(1, veileder=veileder)
    foreign = make_tenant(2, veileder=other_veileder, malform=Kommune.Malform.NYNORSK)
    return World(own=own, foreign=foreign, veileder=veileder, admin=admin)
