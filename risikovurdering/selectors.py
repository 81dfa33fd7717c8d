"""Who may see and do what with risk assessments (DESIGN.md §9), in one place."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import history_for
from core.models import AuditEntry
from core.words import label_of
from kommuner.access import Omrade, Tilgang, kommune_kontakt, q, q_owned, tilgang, tilgang_owned
from kommuner.models import Kommune, Kontakt, Skole
from risikovurdering.models import Risikoforhold, Risikovurdering

AREAS = {"skole_omrade": Omrade.RISIKO_SKOLE, "kommune_omrade": Omrade.RISIKO_SEKTOR}


def tilgang_til(*, user: User, vurdering: Risikovurdering) -> Tilgang:
    return tilgang_owned(user, vurdering, **AREAS)


def _q(user: User, to: str) -> Q:
    return q_owned(user, to=to, **AREAS)


def vurderinger_for(*, user: User) -> QuerySet[Risikovurdering]:
    """Every assessment the user may know exists (at least its status and counts)."""
    return Risikovurdering.objects.select_related("kommune", "skole", "matrise").filter(_q(user, "status"))


def vurdering_for(*, user: User, pk: int) -> Risikovurdering | None:
    """One assessment the user may know exists, or None: read by its key and checked by the
    same table as vurderinger_for (the filter, compiled for the whole access table, cost more
    than the page it guards once pages were kept: issue 20)."""
    vurdering = Risikovurdering.objects.select_related("kommune", "skole").filter(pk=pk).first()
    return vurdering if vurdering is not None and tilgang_til(user=user, vurdering=vurdering).status else None


def can_read_content(*, user: User, vurdering: Risikovurdering) -> bool:
    """Guidance is not inspection: veiledere see free text only where the Kommune shares."""
    return tilgang_til(user=user, vurdering=vurdering).innhold


def can_write(*, user: User, vurdering: Risikovurdering) -> bool:
    return tilgang_til(user=user, vurdering=vurdering).skrive


def can_mark_ferdig(*, user: User, vurdering: Risikovurdering) -> bool:
    return tilgang_til(user=user, vurdering=vurdering).ferdig


def can_create_for_skole(*, user: User, skole: Skole) -> bool:
    return tilgang(user, Omrade.RISIKO_SKOLE, kommune=skole.kommune, skole_id=skole.pk).skrive


def can_create_sektor(*, user: User, kommune: Kommune) -> bool:
    return tilgang(user, Omrade.RISIKO_SEKTOR, kommune=kommune).skrive


def vurderinger_with_content_for(*, user: User) -> QuerySet[Risikovurdering]:
    """The assessments whose content the user may read (can_read_content, as a query)."""
    return Risikovurdering.objects.select_related("kommune", "skole", "matrise").filter(_q(user, "innhold"))


def rader_for(*, user: User) -> QuerySet[Risikoforhold]:
    """Rows whose content the user may read."""
    return Risikoforhold.objects.filter(
        vurdering__in=vurderinger_with_content_for(user=user).values("pk")
    ).select_related("vurdering__matrise")


def latest_finished_per_school(*, kommune: Kommune) -> dict[int, int]:
    """{skole_id: vurdering_id} of each school's latest finished school-level (or trinn)
    assessment; an individual-level entry is only a reference, without rows. One query."""
    rows = (
        Risikovurdering.objects.filter(kommune=kommune, skole__isnull=False, status=Risikovurdering.Status.FERDIG)
        .exclude(niva=Risikovurdering.Niva.INDIVID)
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
    """Whose Kommunens oversikt (and sektor assessments) the user may open: admins all;
    veiledere their programmes'; Kommune roles their own; the HMS-gruppe its school's Kommune."""
    return Kommune.objects.filter(q(user, Omrade.RISIKO_SEKTOR, kommune="pk"))


def oversikt_kommune_for(*, user: User, orgnr: str) -> Kommune | None:
    """One Kommune whose overview the user may open (oversikt_kommuner_for), by its key and
    the access table per object (issue 20)."""
    kommune = Kommune.objects.filter(orgnr=orgnr).first()
    return kommune if kommune is not None and tilgang(user, Omrade.RISIKO_SEKTOR, kommune=kommune).status else None


def comment_role(*, user: User, vurdering: Risikovurdering) -> str | None:
    """The parties and BHT (and the employer side) comment on their Kommune's sektor
    assessment; returns the role they comment as (its key; shown in the reader's language), or None."""
    if not tilgang_til(user=user, vurdering=vurdering).kommentere:
        return None
    kontakt = kommune_kontakt(user, vurdering.kommune_id)
    return kontakt.rolle if kontakt else None


def history_parts(*, vurdering: Risikovurdering):
    """The merged history: the assessment's own entries and its rows' entries."""
    ct = ContentType.objects.get_for_model(Risikoforhold)
    ids = [str(pk) for pk in vurdering.rader.values_list("pk", flat=True)]
    return history_for(vurdering), AuditEntry.objects.filter(content_type=ct, object_id__in=ids)


def merged_history(own, rows) -> list[AuditEntry]:
    entries = list(own[:20]) + list(rows.select_related("actor")[:50])
    return sorted(entries, key=lambda e: e.last_at, reverse=True)[:40]


def _changed(model, entry: AuditEntry, in_words) -> str:
    """ "alvorlighet fra Alvorlig til Svært alvorlig, situasjon": labels, never columns;
    values only where they are choices or positions (free text is on the page itself)."""
    parts = []
    for name, (before, after) in entry.changes.items():
        field = model._meta.get_field(name)
        if field.primary_key or field.is_relation or isinstance(field, DateTimeField) or name == "versjon":
            continue
        label = str(field.verbose_name)
        if field.choices or name in getattr(model, "CHOICE_LISTS", {}) or name in getattr(model, "SCALES", ()):
            parts.append(
                _("%(field)s fra %(before)s til %(after)s")
                % {"field": label, "before": in_words(name, before), "after": in_words(name, after)}
            )
        else:
            parts.append(label)
    return ", ".join(parts)


def _row_sentence(entry: AuditEntry, current: dict, matrise) -> str:
    side = 0 if entry.action == AuditEntry.Action.DELETE else 1
    stored = {name: pair[side] for name, pair in entry.changes.items() if isinstance(pair, list)}
    rad = Risikoforhold.name_of(current.get(entry.object_id) or stored, matrise=matrise)
    if entry.action == AuditEntry.Action.CREATE:
        return _("la til risikoforholdet %(rad)s") % {"rad": rad}
    if entry.action == AuditEntry.Action.DELETE:
        return _("slettet risikoforholdet %(rad)s") % {"rad": rad}
    if entry.action == AuditEntry.Action.UPDATE:
        changes = _changed(
            Risikoforhold, entry, lambda name, value: Risikoforhold.words_of(name, value, matrise=matrise)
        )
        return _("endret %(changes)s i risikoforholdet %(rad)s") % {"changes": changes, "rad": rad}
    return _("sensurerte en endring")


def history_in_words(*, vurdering: Risikovurdering, entries: list[AuditEntry]) -> list[dict]:
    """The history as sentences in the active language, computed when shown (so a nynorsk
    page shows nynorsk whatever the language of the day it was written): who, by name and
    role, did what. A fixed number of queries whatever the number of entries."""
    matrise = vurdering.matrise
    roles: dict[int, str] = {}
    actor_ids = {e.actor_id for e in entries if e.actor_id}
    kontakter = Kontakt.objects.filter(user_id__in=actor_ids, kommune_id=vurdering.kommune_id)
    for kontakt in sorted(kontakter, key=lambda k: k.skole_id is None):  # the school's role first
        if kontakt.skole_id in (None, vurdering.skole_id):
            roles.setdefault(kontakt.user_id, kontakt.get_rolle_display())
    fields = ("pk", "hvor", "hvor_annet", "nar", "nar_annet")
    current = {str(r["pk"]): r for r in Risikoforhold.objects.filter(vurdering=vurdering).values(*fields)}
    row_ct = ContentType.objects.get_for_model(Risikoforhold).pk

    result = []
    for entry in entries:
        if entry.content_type_id == row_ct:
            what = _row_sentence(entry, current, matrise)
        elif entry.action == AuditEntry.Action.CREATE:
            what = _("opprettet vurderingen")
        elif entry.action == AuditEntry.Action.UPDATE:
            changes = _changed(Risikovurdering, entry, lambda name, value: label_of(Risikovurdering, name, value))
            what = _("endret %(changes)s") % {"changes": changes}
        else:
            what = _("sensurerte en endring")
        if entry.actor is None:
            who = _("systemet")
        else:
            role = roles.get(entry.actor_id) or (_("veileder") if entry.actor.is_veileder else "")
            who = f"{entry.actor} ({role})" if role else str(entry.actor)
        result.append({"at": entry.last_at, "who": who, "what": what})
    return result


def earlier_versions(*, vurdering: Risikovurdering) -> list[Risikovurdering]:
    chain, current = [], vurdering
    while current.forrige_id:
        current = current.forrige
        chain.append(current)
    return chain
