"""Writes for action plans and measures. Each is one transaction, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import audit_record, audited_create, audited_update, snapshot
from core.privacy import check_texts, checked_comment
from handlingsplan.mail import statusforesporsel_send
from handlingsplan.models import (
    Handlingsplan,
    Kommentar,
    Medvirkning,
    Melding,
    Statusforesporsel,
    Statussvar,
    Tiltak,
    Tiltaksforslag,
    TiltakStatusEndring,
)
from handlingsplan.selectors import can_start_for_kommune, can_start_for_skole, linkable_rows, parties_kontakt
from kommuner.models import Kommune, Kontakt, Skole
from risikovurdering.models import Risikoforhold
from veiledning.services import programmal_for


def forslag_standard() -> list[Tiltaksforslag]:
    """The suggested measures (loaded from forslag.json by a migration; admins edit them)."""
    return list(Tiltaksforslag.objects.filter(aktiv=True))


@transaction.atomic
def handlingsplan_get_or_create(
    *, kommune: Kommune, skole: Skole | None = None, veiledning=None, by: User | None = None, source: str = ""
) -> Handlingsplan:
    if skole is not None and skole.kommune_id != kommune.pk:
        raise ValidationError(_("Skolen hører ikke til kommunen."))
    plan = Handlingsplan.objects.select_for_update().filter(kommune=kommune, skole=skole).first()
    if plan is None:
        plan = audited_create(
            obj=Handlingsplan(kommune=kommune, skole=skole, veiledning=veiledning), by=by, source=source
        )
    elif veiledning is not None and plan.veiledning_id is None:
        before = snapshot(plan)
        plan.veiledning = veiledning
        audited_update(obj=plan, before=before, by=by)
    return plan


def plan_task(plan: Handlingsplan) -> dict:
    """The plan's task (title, guided questions), from the template its Veiledning keeps."""
    mal = programmal_for(plan.veiledning if plan.veiledning_id else None)
    return next(o for o in mal.innhold["oppgaver"] if o["key"] == plan.oppgave_key)


def plan_questions(plan: Handlingsplan) -> list:
    return plan_task(plan)["sporsmal"]


@transaction.atomic
def handlingsplan_save_svar(
    *, plan: Handlingsplan, svar: dict[str, str], by: User, bekreftet: bool = False
) -> Handlingsplan:
    plan = Handlingsplan.objects.select_for_update().get(pk=plan.pk)
    # Answers are keyed by question index: one without a question would never show.
    if set(svar) - {str(i) for i in range(len(plan_questions(plan)))}:
        raise ValidationError(_("Ukjent oppgave eller spørsmål."))
    answers = {k: v.strip() for k, v in svar.items() if v.strip()}
    check_texts(answers, bekreftet=bekreftet, before=plan.svar)
    before = snapshot(plan)
    plan.svar = answers
    return audited_update(obj=plan, before=before, by=by, merge=True)


def _check_links(plan: Handlingsplan, risikoforhold) -> list[Risikoforhold]:
    rows = list(risikoforhold)
    allowed = set(linkable_rows(plan=plan).filter(pk__in=[r.pk for r in rows]).values_list("pk", flat=True))
    if any(rad.pk not in allowed for rad in rows):
        raise ValidationError({"risikoforhold": _("Risikoforholdet hører ikke til denne planens vurderinger.")})
    return rows


# The measure's free texts; ansvarlig_navn names the person responsible, by design.
TILTAK_TEXTS = ("beskrivelse", "ansvarlig_rolle", "effekt")


def _check_measure_texts(fields: dict, *, bekreftet: bool, tiltak: Tiltak | None = None) -> None:
    texts = {name: fields[name] for name in TILTAK_TEXTS if name in fields}
    before = {name: getattr(tiltak, name) for name in TILTAK_TEXTS} if tiltak else None
    check_texts(texts, bekreftet=bekreftet, before=before, model=Tiltak)


@transaction.atomic
def tiltak_create(
    *, plan: Handlingsplan, fields: dict, risikoforhold=(), by: User | None, source: str = "", bekreftet: bool = False
) -> Tiltak:
    _check_measure_texts(fields, bekreftet=bekreftet)
    rows = _check_links(plan, risikoforhold)
    tiltak = audited_create(obj=Tiltak(plan=plan, **fields), by=by, source=source)
    if rows:
        tiltak.risikoforhold.set(rows)
        audit_record(
            obj=tiltak, action="update", by=by, source=source, changes={"risikoforhold": [[], [r.pk for r in rows]]}
        )
    return tiltak


@transaction.atomic
def tiltak_update(*, tiltak: Tiltak, fields: dict, risikoforhold=None, by: User, bekreftet: bool = False) -> Tiltak:
    tiltak = Tiltak.objects.select_for_update().get(pk=tiltak.pk)
    _check_measure_texts(fields, bekreftet=bekreftet, tiltak=tiltak)
    before = snapshot(tiltak)
    for name, value in fields.items():
        if name != "status":  # status changes go through tiltak_set_status, with history
            setattr(tiltak, name, value)
    audited_update(obj=tiltak, before=before, by=by, merge=True)
    if risikoforhold is not None:
        rows = _check_links(tiltak.plan, risikoforhold)
        old = sorted(tiltak.risikoforhold.values_list("pk", flat=True))
        tiltak.risikoforhold.set(rows)
        if old != sorted(r.pk for r in rows):
            audit_record(
                obj=tiltak, action="update", by=by, changes={"risikoforhold": [old, sorted(r.pk for r in rows)]}
            )
    return tiltak


@transaction.atomic
def tiltak_set_status(
    *, tiltak: Tiltak, status: str, by: User | None, kommentar: str = "", bekreftet: bool = False
) -> Tiltak:
    tiltak = Tiltak.objects.select_for_update().get(pk=tiltak.pk)
    if status not in Tiltak.Status.values:
        raise ValidationError({"status": _("Ukjent status.")})
    if status == tiltak.status:
        if kommentar.strip():  # a comment is kept only with a change of status: never dropped unsaid
            raise ValidationError({"status": _("Velg en ny status for å lagre kommentaren.")})
        return tiltak
    if status == Tiltak.Status.FORKASTET and not kommentar.strip():
        raise ValidationError({"kommentar": _("Skriv hvorfor tiltaket forkastes.")})
    check_texts({"kommentar": kommentar.strip()}, bekreftet=bekreftet, model=TiltakStatusEndring)
    endring = TiltakStatusEndring(tiltak=tiltak, fra=tiltak.status, til=status, av=by, kommentar=kommentar.strip())
    endring.full_clean()  # the history row has no audit of its own to validate it
    endring.save()
    before = snapshot(tiltak)
    tiltak.status = status
    return audited_update(obj=tiltak, before=before, by=by)


@transaction.atomic
def medvirkning_bekreft(*, plan: Handlingsplan, kontakt: Kontakt, by: User) -> Medvirkning:
    if (
        plan.skole_id
        or kontakt.kommune_id != plan.kommune_id
        or kontakt.rolle not in (*Kontakt.PARTENE, Kontakt.Rolle.BHT)
    ):
        raise ValidationError(_("Bare partene og BHT bekrefter medvirkning i kommunens plan."))
    found = Medvirkning.objects.filter(plan=plan, kontakt=kontakt).first()
    return found or audited_create(obj=Medvirkning(plan=plan, kontakt=kontakt), by=by)


@transaction.atomic
def kommentar_create(*, plan: Handlingsplan, tekst: str, by: User, bekreftet: bool = False) -> Kommentar:
    """One of the parties or BHT comments on the Kommune's plan, signed with the role they
    hold. Text that may identify someone is refused until the person confirms that it does
    not, as on the sektor assessment (core/privacy.py)."""
    party = parties_kontakt(user=by, plan=plan)
    if party is None:
        raise PermissionDenied(_("Bare partene og BHT kommenterer kommunens handlingsplan."))
    tekst = checked_comment(model=Kommentar, tekst=tekst, bekreftet=bekreftet)
    return audited_create(obj=Kommentar(plan=plan, tekst=tekst, rolle=party.rolle, av=by), by=by)


def _chosen(kommune: Kommune, skoler) -> list[Skole]:
    """The schools the owner chose: at least one, each its own."""
    skoler = list(skoler)
    if not skoler:
        raise ValidationError({"skoler": _("Velg minst én skole.")})
    if any(skole.kommune_id != kommune.pk for skole in skoler):
        raise ValidationError({"skoler": _("Skolen hører ikke til kommunen.")})
    return skoler


@transaction.atomic
def melding_create(*, kommune: Kommune, tekst: str, by: User, skoler, bekreftet: bool = False) -> Melding:
    """A message to the plan pages of the chosen schools."""
    if not tekst.strip():
        raise ValidationError({"tekst": _("Skriv en melding.")})
    check_texts({"tekst": tekst.strip()}, bekreftet=bekreftet, model=Melding)
    skoler = _chosen(kommune, skoler)
    melding = audited_create(obj=Melding(kommune=kommune, tekst=tekst.strip(), av=by), by=by)
    melding.skoler.set(skoler)
    audit_record(obj=melding, action="update", by=by, changes={"skoler": [[], sorted(s.pk for s in skoler)]})
    return melding


@transaction.atomic
def statusforesporsel_create(
    *, kommune: Kommune, sporsmal: str, skoler, by: User, bekreftet: bool = False
) -> Statusforesporsel:
    """Ask the chosen schools how their prevention work goes; their HMS-grupper get an
    e-mail (after commit) and answer on their home page."""
    if not can_start_for_kommune(user=by, kommune=kommune):
        raise PermissionDenied(_("Bare kommunens arbeidsgiverside kan spørre skolene."))
    if not sporsmal.strip():
        raise ValidationError({"sporsmal": _("Skriv spørsmålet.")})
    check_texts({"sporsmal": sporsmal.strip()}, bekreftet=bekreftet, model=Statusforesporsel)
    skoler = _chosen(kommune, skoler)
    foresporsel = audited_create(obj=Statusforesporsel(kommune=kommune, sporsmal=sporsmal.strip(), av=by), by=by)
    foresporsel.skoler.set(skoler)
    audit_record(obj=foresporsel, action="update", by=by, changes={"skoler": [[], sorted(s.pk for s in skoler)]})
    transaction.on_commit(lambda: statusforesporsel_send(foresporsel=foresporsel))
    return foresporsel


@transaction.atomic
def statussvar_save(
    *, foresporsel: Statusforesporsel, skole: Skole, tekst: str, by: User, bekreftet: bool = False
) -> Statussvar:
    """A school's answer (again: its answer changed). Only the school's HMS-gruppe, and
    only to a request sent to it."""
    if not can_start_for_skole(user=by, skole=skole) or not foresporsel.skoler.filter(pk=skole.pk).exists():
        raise PermissionDenied(_("Bare skolens HMS-gruppe svarer for skolen."))
    tekst = tekst.strip()
    if not tekst:
        raise ValidationError({"tekst": _("Skriv svaret.")})
    svar = Statussvar.objects.select_for_update().filter(foresporsel=foresporsel, skole=skole).first()
    check_texts({"tekst": tekst}, bekreftet=bekreftet, before={"tekst": svar.tekst} if svar else None, model=Statussvar)
    if svar is None:
        return audited_create(obj=Statussvar(foresporsel=foresporsel, skole=skole, tekst=tekst, av=by), by=by)
    before = snapshot(svar)
    svar.tekst, svar.av = tekst, by
    return audited_update(obj=svar, before=before, by=by)
