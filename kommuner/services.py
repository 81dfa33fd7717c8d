"""Writes to Kommuner, Skoler and Kontakter. Each is one transaction and is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import audited_create, audited_update, snapshot
from kommuner.access import Omrade, memberships_forget, tilgang
from kommuner.mail import deling_changed_send
from kommuner.models import ROLLE_FOR_VEILEDER, Kommune, Kontakt, Skole


def _upsert(model, *, key: dict, fields: dict, by: User | None, source: str):
    obj = model.objects.select_for_update().filter(**key).first()
    if obj is None:
        return audited_create(obj=model(**key, **fields), by=by, source=source), True
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    return audited_update(obj=obj, before=before, by=by, source=source), False


@transaction.atomic
def kommune_upsert(*, orgnr: str, fields: dict, by: User | None = None, source: str = "") -> tuple[Kommune, bool]:
    """Create or update the Kommune with this orgnr; returns (kommune, created)."""
    return _upsert(Kommune, key={"orgnr": orgnr}, fields=fields, by=by, source=source)


@transaction.atomic
def skole_upsert(*, orgnr: str, fields: dict, by: User | None = None, source: str = "") -> tuple[Skole, bool]:
    return _upsert(Skole, key={"orgnr": orgnr}, fields=fields, by=by, source=source)


@transaction.atomic
def kommune_set_deler_innhold(*, kommune: Kommune, deler_innhold: bool, by: User) -> Kommune:
    """Only the Kommune's own employer side decides whether its veileder reads content.
    Every change is in the history and goes by e-mail to the postmottak and the employer
    side, so a change nobody there made is seen."""
    if not tilgang(by, Omrade.DELING, kommune=kommune).dele:
        raise PermissionDenied(_("Bare kommunens arbeidsgiverside kan bestemme deling med veileder."))
    kommune = Kommune.objects.select_for_update().get(pk=kommune.pk)
    if kommune.deler_innhold == deler_innhold:
        return kommune
    before = snapshot(kommune)
    kommune.deler_innhold = deler_innhold
    kommune = audited_update(obj=kommune, before=before, by=by)
    transaction.on_commit(lambda: deling_changed_send(kommune=kommune, by=by))
    return kommune


@transaction.atomic
def kontakt_create(
    *,
    kommune: Kommune,
    navn: str,
    epost: str,
    rolle: str,
    skole: Skole | None = None,
    telefon: str = "",
    tittel: str = "",
    by: User | None = None,
    source: str = "",
) -> Kontakt:
    kontakt = Kontakt(
        kommune=kommune, skole=skole, navn=navn, epost=epost.lower(), rolle=rolle, telefon=telefon, tittel=tittel
    )
    return audited_create(obj=kontakt, by=by, source=source)


@transaction.atomic
def kontakt_link_user(*, kontakt: Kontakt, user: User, by: User | None = None, source: str = "") -> Kontakt:
    """Make the Kontakt a membership of this user; never a veileder's or an admin's."""
    if user.sees_all:
        raise ValidationError(ROLLE_FOR_VEILEDER)
    kontakt = Kontakt.objects.select_for_update().get(pk=kontakt.pk)
    before = snapshot(kontakt)
    kontakt.user = user
    memberships_forget(user=user)
    return audited_update(obj=kontakt, before=before, by=by, source=source)
