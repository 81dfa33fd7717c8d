from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import Paminnelse
from core.reminders import kind_label, target_of
from evaluering.models import Evaluering
from handlingsplan.models import Tiltak
from handlingsplan.selectors import planer_for, status_counts
from kommuner.access import Omrade, q
from kommuner.models import Kommune, Skole
from kommuner.selectors import kontakter_for
from risikovurdering.models import Risikovurdering
from risikovurdering.selectors import vurderinger_for
from veiledning.models import Egenvurdering, Samling, Veiledning
from veiledning.selectors import samlinger_for, veiledninger_for


def paminnelser_for(*, user: User) -> QuerySet[Paminnelse]:
    """The outbox: admins see all; a veileder the reminders of their programmes (about a
    Veiledning, its Samlinger and evaluations, and its schools)."""
    if not user.is_authenticated or not user.sees_all:
        return Paminnelse.objects.none()
    if user.is_admin:
        return Paminnelse.objects.all()
    veiledninger = veiledninger_for(user=user)
    samlinger = samlinger_for(user=user)
    targets = [target_of(v) for v in veiledninger]
    targets += [target_of(s) for s in samlinger]
    targets += [target_of(e) for e in Evaluering.objects.filter(samling__in=samlinger).only("pk")]
    targets += [target_of(s) for s in Skole.objects.filter(veiledninger__in=veiledninger).distinct().only("pk")]
    return Paminnelse.objects.filter(target__in=targets)


@dataclass
class Utsending:
    """One line of the outbox in words: a reminder, or a sent letter."""

    at: datetime
    label: str
    recipient: str
    veiledning: Veiledning | None
    recipient_url: str = ""  # the page that lists the person (their school's or Kommune's)
    paminnelse: Paminnelse | None = None
    letter: bool = False


def _ids(rows: list[Paminnelse], model) -> set[int]:
    label = model._meta.label_lower
    return {int(row.target.partition(":")[2]) for row in rows if row.target.partition(":")[0] == label}


def _veiledninger_by_target(rows: list[Paminnelse]) -> dict[str, Veiledning]:
    """The programme each reminder belongs to, in a fixed number of queries (not one per row)."""
    found: dict[str, Veiledning] = {}
    for v in Veiledning.objects.filter(pk__in=_ids(rows, Veiledning)).select_related("kommune"):
        found[target_of(v)] = v
    for s in Samling.objects.filter(pk__in=_ids(rows, Samling)).select_related("veiledning__kommune"):
        found[target_of(s)] = s.veiledning
    evaluering_ids = _ids(rows, Evaluering)
    for e in Evaluering.objects.filter(pk__in=evaluering_ids).select_related("samling__veiledning__kommune"):
        found[target_of(e)] = e.samling.veiledning
    # A school's or an assessment's reminders belong to the latest programme of its school or Kommune.
    vurderinger = list(Risikovurdering.objects.filter(pk__in=_ids(rows, Risikovurdering)).only("skole", "kommune"))
    skole_ids = _ids(rows, Skole) | {v.skole_id for v in vurderinger if v.skole_id}
    kommune_ids = {v.kommune_id for v in vurderinger if v.kommune_id}
    latest_by_skole: dict[int, Veiledning] = {}
    latest_by_kommune: dict[int, Veiledning] = {}
    if skole_ids or kommune_ids:
        programmes = (
            Veiledning.objects.filter(skoler__in=skole_ids) | Veiledning.objects.filter(kommune_id__in=kommune_ids)
        ).select_related("kommune")
        for v in programmes.distinct().order_by("created_at").prefetch_related("skoler"):
            latest_by_kommune[v.kommune_id] = v
            for skole in v.skoler.all():
                latest_by_skole[skole.pk] = v
    for skole_id in _ids(rows, Skole):
        if skole_id in latest_by_skole:
            found[f"{Skole._meta.label_lower}:{skole_id}"] = latest_by_skole[skole_id]
    for vurdering in vurderinger:
        v = latest_by_skole.get(vurdering.skole_id) or latest_by_kommune.get(vurdering.kommune_id)
        if v is not None:
            found[target_of(vurdering)] = v
    return found


def _recipient_pages(*, user: User, emails: set[str]) -> dict[str, str]:
    """Where each recipient is listed as a Kontakt the user may see: their school's page or
    their Kommune's."""
    pages: dict[str, str] = {}
    kontakter = (
        kontakter_for(user=user)
        .annotate(epost_lower=Lower("epost"))
        .filter(epost_lower__in={e.lower() for e in emails})
        .select_related("kommune")
    )
    for kontakt in kontakter:
        url = f"skole:{kontakt.skole_id}" if kontakt.skole_id else f"kommune:{kontakt.kommune.orgnr}"
        pages.setdefault(kontakt.epost_lower, url)
    return pages


def utsendinger(*, user: User, rows: list[Paminnelse], letters_between=None) -> list[Utsending]:
    """The outbox's lines: each reminder with its kind in words, its programme and a link to
    its recipient; with `letters_between` (from, to), the invitation letters sent in that time."""
    by_target = _veiledninger_by_target(rows)
    letters = []
    if letters_between is not None:
        start, end = letters_between
        letters = veiledninger_for(user=user).filter(brev_sendt_at__isnull=False).select_related("kommune")
        if start is not None:
            letters = letters.filter(brev_sendt_at__gt=start)
        if end is not None:
            letters = letters.filter(brev_sendt_at__lte=end)
        letters = list(letters)
    emails = {row.recipient for row in rows} | {r for v in letters for r in v.brev_mottakere}
    pages = _recipient_pages(user=user, emails=emails)

    def page_of(email: str) -> str:
        where = pages.get(email.lower(), "")
        if not where:
            return ""
        kind, _sep, key = where.partition(":")
        return reverse("pages:skole", args=[int(key)]) if kind == "skole" else reverse("pages:kommune", args=[key])

    out = [
        Utsending(
            at=row.due_at,
            label=kind_label(row.kind),
            recipient=row.recipient,
            veiledning=by_target.get(row.target),
            recipient_url=page_of(row.recipient),
            paminnelse=row,
        )
        for row in rows
    ]
    for v in letters:
        out.append(
            Utsending(
                at=v.brev_sendt_at,
                label=_("Invitasjonsbrev"),
                recipient=", ".join(v.brev_mottakere),
                veiledning=v,
                recipient_url=reverse("pages:kommune", args=[v.kommune.orgnr]),
                letter=True,
            )
        )
    out.sort(key=lambda u: u.at, reverse=letters_between is not None)
    return out


def skolestatus(*, user: User, kommune: Kommune, skoler: list[Skole]) -> list[dict]:
    """ "Skolene": each school's status, as far as the user may know it: its current risk
    assessment (none, draft, finished; version), its plan's measures (done, overdue, all)
    and its Egenvurdering (done at oppstart, at oppfølging). A fixed number of queries
    however many schools."""
    ids = [s.pk for s in skoler]
    vurderinger: dict[int, Risikovurdering] = {}
    current = vurderinger_for(user=user).filter(skole__in=ids, niva="skole", neste__isnull=True)
    for v in current.order_by("versjon", "pk"):
        vurderinger[v.skole_id] = v
    plans = {p.skole_id: p for p in planer_for(user=user).filter(kommune=kommune, skole__in=ids)}
    counts = status_counts(plans.values())
    egen: dict[int, set[str]] = {}
    done = Egenvurdering.objects.filter(skole__in=ids, ferdig=True).filter(
        q(user, Omrade.EGENVURDERING, to="status", kommune="skole__kommune", skole="skole")
    )
    for skole_id, fase in done.values_list("skole_id", "fase"):
        egen.setdefault(skole_id, set()).add(fase)
    rows = []
    for skole in skoler:
        plan = plans.get(skole.pk)
        c = counts.get(plan.pk) if plan else None
        rows.append({
            "skole": skole,
            "vurdering": vurderinger.get(skole.pk),
            "plan": plan,
            "tiltak": None if plan is None else {
                "alle": sum(v for k, v in (c or {}).items() if k != "forfalt"),
                "gjennomfort": (c or {}).get(Tiltak.Status.GJENNOMFORT, 0),
                "forfalt": (c or {}).get("forfalt", 0),
            },
            "egen_oppstart": Egenvurdering.Fase.BASELINE in egen.get(skole.pk, set()),
            "egen_oppfolging": Egenvurdering.Fase.OPPFOLGING in egen.get(skole.pk, set()),
        })  # fmt: skip
    return rows
