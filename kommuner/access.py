"""Who may do what, decided in one place: the access table of DESIGN.md §9 as data.

A user stands in one or more *sides* to a Kommune or a Skole (veileder of its programme,
its employer side, its parties, its BHT, the school's HMS-gruppe, the school's rektor).
For each area of the programme the table says what each side may do. Selectors in
every app ask here, per object (`tilgang`) or as a query filter (`q`), so a page, a
report, an export and an e-mail all get the same answer.

Guidance is not inspection: a veileder sees status and counts, and free text only where
the Kommune's employer side has chosen to share it (`DELT`)."""

from dataclasses import dataclass, fields
from enum import StrEnum

from django.db.models import Q, QuerySet

from accounts.models import User
from core import versions
from kommuner.models import Kommune, Kontakt

MIN_AGGREGATE = 5  # answers in every group an evaluation result shows to skoleeier
MIN_SKOLER_AVERAGE = 3  # schools behind an Egenvurdering average a veileder sees


class Omrade(StrEnum):
    VEILEDNING = "veiledning"  # Veiledning, Samlinger, Deltakere
    EGENVURDERING = "egenvurdering"
    OPPGAVESVAR = "oppgavesvar"
    RISIKO_SKOLE = "risiko_skole"
    RISIKO_SEKTOR = "risiko_sektor"  # and Kommunens oversikt
    PLAN_SKOLE = "plan_skole"
    PLAN_KOMMUNE = "plan_kommune"
    EVALUERING = "evaluering"  # status: aggregates; innhold: free text
    DELING = "deling"  # the sharing decision
    KONTAKTER = "kontakter"


# Areas owned by the Kommune that its schools' HMS-grupper read (the sector's work is
# shown on every school's page); in the other areas a school sees only its own.
KOMMUNE_AREAS = {Omrade.VEILEDNING, Omrade.RISIKO_SEKTOR, Omrade.PLAN_KOMMUNE, Omrade.DELING}

DELT = "delt"  # content only where the Kommune shares it with its veileder


@dataclass(frozen=True)
class Tilgang:
    status: bool = False  # knows it exists: steps, statuses, counts, levels
    innhold: bool = False  # reads the free text
    skrive: bool = False
    kommentere: bool = False
    ferdig: bool = False  # marks an assessment finished
    dele: bool = False  # decides whether the veileder reads content

    def __or__(self, other: "Tilgang") -> "Tilgang":
        return Tilgang(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})


INGEN = Tilgang()
LES = {"status": True, "innhold": True}
STATUS_DELT = {"status": True, "innhold": DELT}

# DESIGN.md §9, row by row. Sides: veileder, arbeidsgiver, partene, bht, hms, rektor.
TABELL: dict[Omrade, dict[str, dict]] = {
    Omrade.VEILEDNING: {"veileder": LES, "arbeidsgiver": LES, "partene": LES, "bht": LES, "hms": LES},
    Omrade.EGENVURDERING: {
        "veileder": STATUS_DELT,
        "arbeidsgiver": LES,
        "partene": LES,
        "bht": LES,
        "hms": {**LES, "skrive": True},
    },
    Omrade.OPPGAVESVAR: {
        "veileder": LES,
        "arbeidsgiver": LES,
        "partene": LES,
        "bht": LES,
        "hms": {**LES, "skrive": True},
    },
    Omrade.RISIKO_SKOLE: {
        "veileder": STATUS_DELT,
        "arbeidsgiver": LES,
        "partene": LES,
        "bht": LES,
        "hms": {**LES, "skrive": True},
        "rektor": {**LES, "skrive": True, "ferdig": True},
    },
    Omrade.RISIKO_SEKTOR: {
        "veileder": STATUS_DELT,
        "arbeidsgiver": {**LES, "skrive": True, "kommentere": True, "ferdig": True},
        "partene": {**LES, "kommentere": True},
        "bht": {**LES, "kommentere": True},
        "hms": LES,
    },
    Omrade.PLAN_SKOLE: {
        "veileder": STATUS_DELT,
        "arbeidsgiver": LES,
        "partene": LES,
        "bht": LES,
        "hms": {**LES, "skrive": True},
    },
    Omrade.PLAN_KOMMUNE: {
        "veileder": STATUS_DELT,
        "arbeidsgiver": {**LES, "skrive": True},
        "partene": {**LES, "kommentere": True},
        "bht": {**LES, "kommentere": True},
        "hms": LES,
    },
    Omrade.EVALUERING: {
        "veileder": LES,
        "arbeidsgiver": {"status": True},
        "partene": {"status": True},
        "bht": {"status": True},
    },
    Omrade.DELING: {
        "veileder": {"status": True},
        "arbeidsgiver": {"status": True, "dele": True},
        "partene": {"status": True},
        "bht": {"status": True},
        "hms": {"status": True},
    },
    Omrade.KONTAKTER: {
        "veileder": {**LES, "skrive": True},
        "arbeidsgiver": LES,
        "partene": LES,
        "bht": LES,
        "hms": LES,
    },
}


def memberships_for(*, user: User) -> QuerySet[Kontakt]:
    if not user.is_authenticated:
        return Kontakt.objects.none()
    return Kontakt.objects.filter(user=user).select_related("kommune", "skole")


MEMO = "_memberships"
ROLLER_MEMO = "_roller"


def memberships_of(*, user: User) -> list[Kontakt]:
    """The user's memberships as a list, read once per request: access checks ask several
    times per page, and the request's user object lives no longer than the request."""
    if not user.is_authenticated:
        return []
    if (memo := getattr(user, MEMO, None)) is None:
        memo = _kept_memberships(user)
        setattr(user, MEMO, memo)
    return memo


def _kept_memberships(user: User) -> list[Kontakt]:
    """Read from the shared cache under the generation of the Kommuner's data: any saved or
    deleted Kontakt, Kommune or Skole (a new role, a link to a person, a name) gives a new
    generation at once, so a change of access is never served from the cache (issue 20)."""
    return versions.kept(f"medlemskap:{user.pk}", ("kommuner",), lambda: list(memberships_for(user=user)))


def reader(user: User) -> tuple:
    """Who reads, as far as access decides what a page shows: the person, their flags and
    their memberships (read once per request already, for the navigation). Part of the key
    of every page part kept per reader (core.keep)."""
    if not user.is_authenticated:
        return ("anon",)
    kontakter = tuple((k.pk, k.rolle, k.kommune_id, k.skole_id) for k in memberships_of(user=user))
    return (user.pk, user.sees_all, user.is_admin, user.fasilitator_for_id, kontakter)


def memberships_forget(*, user: User) -> None:
    user.__dict__.pop(MEMO, None)
    user.__dict__.pop(ROLLER_MEMO, None)


@dataclass(frozen=True)
class Roller:
    """Where the user stands: the ids of Kommuner and Skoler per side. Read once per request."""

    admin: bool
    programme: frozenset  # Kommuner in the veileder's Veiledninger (a facilitator's: their own only)
    arbeidsgiver: frozenset
    partene: frozenset
    bht: frozenset
    skoler: frozenset
    skole_kommuner: frozenset  # the Kommuner of the user's schools
    rektor: frozenset

    @property
    def kommune_roller(self) -> frozenset:
        """Kommuner where the user holds a Kommune-level role (arbeidsgiver, partene, BHT)."""
        return self.arbeidsgiver | self.partene | self.bht


def roller(user: User) -> Roller:
    if not user.is_authenticated:
        return Roller(False, *(frozenset() for _ in range(7)))
    if (memo := getattr(user, ROLLER_MEMO, None)) is not None:
        return memo
    by_side: dict[str, set] = {k: set() for k in ("arbeidsgiver", "partene", "bht", "skoler", "sk", "rektor")}
    for k in memberships_of(user=user):
        if k.skole_id is not None:
            by_side["skoler"].add(k.skole_id)
            by_side["sk"].add(k.kommune_id)
            if k.rolle == Kontakt.Rolle.REKTOR:
                by_side["rektor"].add(k.skole_id)
        elif k.rolle in Kontakt.ARBEIDSGIVER:
            by_side["arbeidsgiver"].add(k.kommune_id)
        elif k.rolle in Kontakt.PARTENE:
            by_side["partene"].add(k.kommune_id)
        elif k.rolle == Kontakt.Rolle.BHT:
            by_side["bht"].add(k.kommune_id)
    programme = frozenset()
    if user.sees_all and not user.is_admin:
        mine = Kommune.objects.filter(veiledninger__veiledere=user)
        if user.is_fasilitator:  # their own Kommune's programmes only, whoever added them elsewhere
            mine = mine.filter(orgnr=user.fasilitator_for_id)
        programme = frozenset(mine.values_list("orgnr", flat=True))
    memo = Roller(
        admin=user.is_admin,
        programme=programme,
        arbeidsgiver=frozenset(by_side["arbeidsgiver"]),
        partene=frozenset(by_side["partene"]),
        bht=frozenset(by_side["bht"]),
        skoler=frozenset(by_side["skoler"]),
        skole_kommuner=frozenset(by_side["sk"]),
        rektor=frozenset(by_side["rektor"]),
    )
    setattr(user, ROLLER_MEMO, memo)
    return memo


def sides(r: Roller, omrade: Omrade, *, kommune_id: str, skole_id: int | None) -> set[str]:
    found = set()
    if r.admin or kommune_id in r.programme:
        found.add("veileder")
    for side in ("arbeidsgiver", "partene", "bht"):
        if kommune_id in getattr(r, side):
            found.add(side)
    if skole_id is not None and skole_id in r.skoler:
        found.add("hms")
    if skole_id is not None and skole_id in r.rektor:
        found.add("rektor")
    if skole_id is None and omrade in KOMMUNE_AREAS and kommune_id in r.skole_kommuner:
        found.add("hms")
    return found


def _grant(rule: dict, *, deler: bool) -> Tilgang:
    values = {k: (deler if v == DELT else v) for k, v in rule.items()}
    return Tilgang(**values)


def tilgang(user: User, omrade: Omrade, *, kommune: Kommune, skole_id: int | None = None) -> Tilgang:
    """What the user may do with an object of this area that belongs to this Kommune
    (and school)."""
    result = INGEN
    for side in sides(roller(user), omrade, kommune_id=kommune.pk, skole_id=skole_id):
        if rule := TABELL[omrade].get(side):
            result = result | _grant(rule, deler=kommune.deler_innhold)
    return result


def q(user: User, omrade: Omrade, *, to: str = "status", kommune: str = "kommune", skole: str | None = None) -> Q:
    """A filter for the objects of this area on which the user holds `to` (a field of
    Tilgang). `kommune` and `skole` are the lookups from the model to its owners; with
    `skole` None the objects belong to the Kommune itself."""
    r = roller(user)
    nothing = Q(pk__in=[])
    if not user.is_authenticated:
        return nothing
    result = nothing
    for side, rule in TABELL[omrade].items():
        wanted = rule.get(to, False)
        if not wanted:
            continue
        where = _side_q(r, side, omrade, kommune=kommune, skole=skole)
        if wanted == DELT:
            where &= Q(**{f"{kommune}__deler_innhold": True})
        result |= where
    return result


def _side_q(r: Roller, side: str, omrade: Omrade, *, kommune: str, skole: str | None) -> Q:
    nothing = Q(pk__in=[])
    if side == "veileder":
        # Not Q(): an empty Q drops out of an OR, so "everything" is said explicitly.
        return Q(pk__isnull=False) if r.admin else Q(**{f"{kommune}__in": r.programme})
    if side in ("arbeidsgiver", "partene", "bht"):
        return Q(**{f"{kommune}__in": getattr(r, side)})
    own = r.rektor if side == "rektor" else r.skoler
    if skole is None:
        if side == "hms" and omrade in KOMMUNE_AREAS:
            return Q(**{f"{kommune}__in": r.skole_kommuner})
        return nothing
    return Q(**{f"{skole}__in": own})


def kommune_kontakt(user: User, kommune_id: str, roller=Kontakt.KOMMUNE_ROLLER) -> Kontakt | None:
    """The user's Kommune-level Kontakt in this Kommune (with one of `roller`): who they
    speak as when they comment. From the memoised memberships, no query."""
    for kontakt in memberships_of(user=user):
        if kontakt.kommune_id == kommune_id and kontakt.skole_id is None and kontakt.rolle in roller:
            return kontakt
    return None


def tilgang_owned(user: User, obj, *, skole_omrade: Omrade, kommune_omrade: Omrade) -> Tilgang:
    """For an object owned by a Skole or by the Kommune itself (an assessment, a plan):
    the school's area where it has a school, the Kommune's where not."""
    omrade = skole_omrade if obj.skole_id is not None else kommune_omrade
    return tilgang(user, omrade, kommune=obj.kommune, skole_id=obj.skole_id)


def q_owned(
    user: User,
    *,
    skole_omrade: Omrade,
    kommune_omrade: Omrade,
    to: str = "status",
    kommune: str = "kommune",
    skole: str = "skole",
) -> Q:
    """For models owned by a Skole or by the Kommune itself (assessments, plans)."""
    at_school = Q(**{f"{skole}__isnull": False}) & q(user, skole_omrade, to=to, kommune=kommune, skole=skole)
    at_kommune = Q(**{f"{skole}__isnull": True}) & q(user, kommune_omrade, to=to, kommune=kommune)
    return at_school | at_kommune
