"""Who may see and do what with risk assessments (DESIGN.md §9), in one place."""

from collections import Counter

from django.db.models import Q, QuerySet

from accounts.models import User
from kommuner.models import Kommune, Kontakt, Skole
from kommuner.selectors import memberships_of, programme_kommune_ids
from risikovurdering.models import Risikoforhold, Risikovurdering


def _roles(user: User) -> dict:
    arbeidsgiver, kommune_roles, skoler, rektor = set(), set(), set(), set()
    for k in memberships_of(user=user):
        if k.skole_id is None:
            kommune_roles.add(k.kommune_id)
            if k.rolle in Kontakt.ARBEIDSGIVER:
                arbeidsgiver.add(k.kommune_id)
        else:
            skoler.add(k.skole_id)
            if k.rolle == Kontakt.Rolle.REKTOR:
                rektor.add(k.skole_id)
    return {"arbeidsgiver": arbeidsgiver, "kommune": kommune_roles, "skoler": skoler, "rektor": rektor}


def vurderinger_for(*, user: User) -> QuerySet[Risikovurdering]:
    """Every assessment the user may know exists (at least its status and counts)."""
    qs = Risikovurdering.objects.select_related("kommune", "skole", "matrise")
    if not user.is_authenticated:
        return qs.none()
    if user.is_admin:
        return qs
    if user.is_veileder:
        return qs.filter(kommune__in=programme_kommune_ids(user=user))
    roles = _roles(user)
    school_kommuner = Skole.objects.filter(pk__in=roles["skoler"]).values("kommune")
    return qs.filter(
        Q(kommune__in=roles["kommune"])
        | Q(skole__in=roles["skoler"])
        | Q(niva=Risikovurdering.Niva.SEKTOR, kommune__in=school_kommuner)
    )


def can_read_content(*, user: User, vurdering: Risikovurdering) -> bool:
    """Guidance is not inspection: veiledere see free text only where the Kommune shares."""
    if user.sees_all:
        return vurdering.kommune.deler_innhold
    return vurderinger_for(user=user).filter(pk=vurdering.pk).exists()


def can_write(*, user: User, vurdering: Risikovurdering) -> bool:
    roles = _roles(user)
    if vurdering.niva == Risikovurdering.Niva.SEKTOR:
        return vurdering.kommune_id in roles["arbeidsgiver"]
    return vurdering.skole_id in roles["skoler"]


def can_mark_ferdig(*, user: User, vurdering: Risikovurdering) -> bool:
    roles = _roles(user)
    if vurdering.niva == Risikovurdering.Niva.SEKTOR:
        return vurdering.kommune_id in roles["arbeidsgiver"]
    return vurdering.skole_id in roles["rektor"]


def can_create_for_skole(*, user: User, skole: Skole) -> bool:
    return skole.pk in _roles(user)["skoler"]


def can_create_sektor(*, user: User, kommune: Kommune) -> bool:
    return kommune.pk in _roles(user)["arbeidsgiver"]


def vurderinger_with_content_for(*, user: User) -> QuerySet[Risikovurdering]:
    """The assessments whose content the user may read (can_read_content, as a query)."""
    qs = vurderinger_for(user=user)
    return qs.filter(kommune__deler_innhold=True) if user.is_authenticated and user.sees_all else qs


def rader_for(*, user: User) -> QuerySet[Risikoforhold]:
    """Rows whose content the user may read."""
    return Risikoforhold.objects.filter(
        vurdering__in=vurderinger_with_content_for(user=user).values("pk")
    ).select_related("vurdering__matrise")


def latest_finished_per_school(*, kommune: Kommune) -> dict[int, int]:
    """{skole_id: vurdering_id} of each school's latest finished school-level (or trinn)
    assessment. One query."""
    rows = (
        Risikovurdering.objects.filter(kommune=kommune, skole__isnull=False, status=Risikovurdering.Status.FERDIG)
        .order_by("skole_id", "-dato", "-versjon")
        .values_list("skole_id", "pk")
    )
    latest: dict[int, int] = {}
    for skole_id, pk in rows:
        latest.setdefault(skole_id, pk)
    return latest


def oversikt(*, kommune: Kommune) -> dict:
    """Kommunens oversikt: the schools' latest finished assessments pooled. A fixed
    number of queries whatever the number of schools."""
    latest = latest_finished_per_school(kommune=kommune)
    rader = list(
        Risikoforhold.objects.filter(vurdering__in=latest.values()).values(
            "hvor", "nar", "hendelse", "sannsynlighet", "alvorlighet", "vurdering__matrise_id"
        )
    )
    skoler = list(kommune.skoler.order_by("navn").values("pk", "navn"))
    return {
        "rader": rader,
        "antall_vurderinger": len(latest),
        "uten_ferdig": [s for s in skoler if s["pk"] not in latest],
        "hvor": Counter(r["hvor"] for r in rader if r["hvor"]).most_common(5),
        "nar": Counter(r["nar"] for r in rader if r["nar"]).most_common(5),
        "hendelse": Counter(r["hendelse"] for r in rader if r["hendelse"]).most_common(5),
    }


def oversikt_kommuner_for(*, user: User) -> QuerySet[Kommune]:
    """Whose Kommunens oversikt the user may open: admins all; veiledere their
    programmes'; Kommune roles their own; the HMS-gruppe its school's Kommune."""
    if not user.is_authenticated:
        return Kommune.objects.none()
    if user.is_admin:
        return Kommune.objects.all()
    if user.is_veileder:
        return Kommune.objects.filter(orgnr__in=programme_kommune_ids(user=user))
    roles = _roles(user)
    school_kommuner = Skole.objects.filter(pk__in=roles["skoler"]).values("kommune")
    return Kommune.objects.filter(Q(orgnr__in=roles["kommune"]) | Q(orgnr__in=school_kommuner))


def comment_role(*, user: User, vurdering: Risikovurdering) -> str | None:
    """The parties and BHT (and the employer side) comment on their Kommune's sektor
    assessment; returns the role they comment as, or None."""
    if vurdering.niva != Risikovurdering.Niva.SEKTOR:
        return None
    for kontakt in memberships_of(user=user):
        if kontakt.kommune_id == vurdering.kommune_id and kontakt.skole_id is None:
            return kontakt.get_rolle_display()
    return None
