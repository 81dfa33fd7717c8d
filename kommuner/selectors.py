"""Reads, scoped by user: the one place access to Kommuner, Skoler and Kontakter is
decided (DESIGN.md §9). Views get their objects only from here."""

from django.db.models import Q, QuerySet

from accounts.models import User
from core.audit import history_for
from kommuner.access import Omrade, memberships_for, memberships_forget, memberships_of, q, roller, tilgang
from kommuner.models import Kommune, Kontakt, Skole

__all__ = ["memberships_for", "memberships_forget", "memberships_of"]  # read here by the apps


# Roles are decoded once, in kommuner.access (roller); these name the parts the apps use.


def kommune_member_ids(*, user: User) -> frozenset[str]:
    """Kommuner where the user holds a Kommune-level role (arbeidsgiver, partene, BHT)."""
    return roller(user).kommune_roller


def skole_member_ids(*, user: User) -> frozenset[int]:
    return roller(user).skoler


def programme_kommune_ids(*, user: User) -> frozenset[str]:
    """Kommuner in the veileder's programmes."""
    return roller(user).programme


def kommuner_for(*, user: User) -> QuerySet[Kommune]:
    """The register of school owners is public: every veileder may search it to plan (a
    facilitator only their own Kommune). Others see only the Kommune where they hold a role."""
    qs = Kommune.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.is_fasilitator:
        return qs.filter(orgnr=user.fasilitator_for_id)
    if user.sees_all:
        return qs
    return qs.filter(orgnr__in=kommune_member_ids(user=user))


def kommuner_search(*, user: User, query: str = "") -> QuerySet[Kommune]:
    qs = kommuner_for(user=user)
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(navn__icontains=query) | Q(nummer__startswith=query) | Q(orgnr=query) | Q(skoler__navn__icontains=query)
        ).distinct()
    return qs


def skoler_for(*, user: User) -> QuerySet[Skole]:
    qs = Skole.objects.select_related("kommune")
    if not user.is_authenticated:
        return qs.none()
    if user.is_fasilitator:
        return qs.filter(kommune=user.fasilitator_for_id)
    if user.sees_all:
        return qs
    return qs.filter(Q(kommune__in=kommune_member_ids(user=user)) | Q(pk__in=skole_member_ids(user=user)))


def kommuner_uten_veiledning() -> QuerySet[Kommune]:
    """Kommuner with no programme running. Any veileder may prepare one there: see and add
    the contacts the first letter goes to in copy. (The Veiledning model sits above this
    app; the relation is reached by its name.)"""
    running = Kommune._meta.get_field("veiledninger").related_model.objects.exclude(steg="avsluttet")
    return Kommune.objects.exclude(orgnr__in=running.values("kommune_id"))


def kommuner_uten_veiledning_for(*, user: User) -> QuerySet[Kommune]:
    """Those of them the user may prepare a programme for: any for a veileder, a
    facilitator's own Kommune only."""
    qs = kommuner_uten_veiledning()
    return qs.filter(orgnr=user.fasilitator_for_id) if user.is_fasilitator else qs


def _preparing(user: User) -> bool:
    """A veileder (not an admin, who sees all anyway) may prepare a programme."""
    return user.is_authenticated and user.sees_all and not user.is_admin


def kontakter_for(*, user: User) -> QuerySet[Kontakt]:
    """People are personal data: veiledere see those in their programmes (admins all),
    and those of a Kommune with no programme running, to prepare one; Kommune roles their
    own Kommune's; the HMS-gruppe its own school's."""
    qs = Kontakt.objects.select_related("kommune", "skole", "user").prefetch_related("user__identiteter")
    where = q(user, Omrade.KONTAKTER, kommune="kommune", skole="skole")
    if _preparing(user):
        where |= Q(kommune__in=kommuner_uten_veiledning_for(user=user))
    return qs.filter(where)


def kommuner_writable_for(*, user: User) -> QuerySet[Kommune]:
    """Where the user may add and invite Kontakter: a veileder's programmes (admins all),
    and any Kommune with no programme running (to prepare one); a facilitator's own only."""
    if not user.is_authenticated or not user.sees_all:
        return Kommune.objects.none()
    if user.is_admin:
        return Kommune.objects.all()
    return Kommune.objects.filter(
        Q(orgnr__in=programme_kommune_ids(user=user)) | Q(orgnr__in=kommuner_uten_veiledning_for(user=user))
    )


def kontakter_writable_for(*, user: User) -> QuerySet[Kontakt]:
    return Kontakt.objects.filter(kommune__in=kommuner_writable_for(user=user))


def can_write_kommune(*, user: User, kommune: Kommune) -> bool:
    """kommuner_writable_for, asked of one Kommune: from the memoised roles (no query),
    and for a veileder outside their programmes whether one runs there."""
    if tilgang(user, Omrade.KONTAKTER, kommune=kommune).skrive:
        return True
    return _preparing(user) and kommuner_uten_veiledning_for(user=user).filter(pk=kommune.pk).exists()


def can_see_kontakter(*, user: User, kommune: Kommune) -> bool:
    return kontakter_for(user=user).filter(kommune=kommune).exists() or can_write_kommune(user=user, kommune=kommune)


def deling_for(*, user: User, kommune: Kommune) -> dict:
    """The sharing decision: whether the user may make it, and every change with who made
    it (for everyone who may see the decision)."""
    access = tilgang(user, Omrade.DELING, kommune=kommune)
    if not access.status:
        return {"kan_endre": False, "historikk": []}
    entries = history_for(kommune).filter(changes__has_key="deler_innhold").order_by("-at")
    historikk = [{"at": e.at, "av": e.actor, "delte": bool(e.changes["deler_innhold"][1])} for e in entries]
    return {"kan_endre": access.dele, "historikk": historikk}
