"""Writes for the programme workflow. Each is one transaction, audited."""

import re
from copy import deepcopy
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import audit_record, audited_create, audited_delete, audited_update, history_for, snapshot
from core.bounds import check_fields, validate_programme_date
from core.dates import date_format
from core.models import Paminnelse
from core.privacy import check_texts
from core.reminders import target_of
from kommuner.access import memberships_forget
from kommuner.models import Kommune, Kontakt, Skole
from veiledning import hooks, skoleferie, steps
from veiledning.calendar import calendar_state
from veiledning.models import Deltaker, Egenvurdering, Oppgavesvar, Programmal, Samling, StegEndring, Veiledning
from veiledning.programmal import AGENDA_TITTEL_MAX, LAERINGSMAL_MAX, standard_innhold, videregaende_innhold
from veiledning.reminders import invitation_reminder_sync, meeting_reminders_sync, preparation_sync
from veiledning.selectors import KOMMUNE_MOTE_ROLLER, brev_recipients, programmal_may_adapt, programmal_own
from veiledning.tasks import deliver_invitation_letter

# --- Programmal ----------------------------------------------------------------------------


def _eier(mal: Programmal) -> str:
    """Whom a template is written for: "kommune" (grunnskolen, the seed's) or
    "fylkeskommune" (videregående)."""
    return mal.innhold.get("eier", Kommune.Type.KOMMUNE)


def _general(active):
    """Arbeidstilsynet's own templates: never a Kommune's copy."""
    return active.filter(eier_kommune__isnull=True)


@transaction.atomic
def programmal_active(kommune: Kommune | None = None) -> Programmal:
    """The template new Veiledninger start with: the Kommune's own active copy where it has
    one (made by its facilitator); else the active one written for this school owner
    (videregående for a fylkeskommune, grunnskolen for a kommune); the seed's own if none
    is active. Never another Kommune's copy."""
    eier = kommune.type if kommune is not None else Kommune.Type.KOMMUNE
    active = Programmal.objects.filter(er_aktiv=True).order_by("-versjon", "pk")
    if kommune is not None and (own := programmal_own(kommune)) is not None:
        return own
    mal = next((m for m in _general(active) if _eier(m) == eier), None)
    if mal is None:
        innhold = videregaende_innhold() if eier == Kommune.Type.FYLKESKOMMUNE else standard_innhold()
        navn = innhold["navn"]["nb"]
        mal = audited_create(obj=Programmal(navn=navn, versjon=_next_versjon(navn), innhold=innhold), source="standard")
    return mal


def _next_versjon(navn: str) -> int:
    """Versions are numbered per name; an inactive one keeps its number."""
    latest = Programmal.objects.filter(navn=navn).order_by("-versjon").first()
    return latest.versjon + 1 if latest else 1


def programmal_for(veiledning: Veiledning | None) -> Programmal:
    """The template a Veiledning keeps; the active one where there is none."""
    return (veiledning.programmal if veiledning is not None else None) or programmal_active()


@transaction.atomic
def programmal_new_version(*, programmal: Programmal, innhold: dict, by: User | None) -> Programmal:
    """Editing never changes a version in use: it makes the next version and activates it.
    A Kommune's copy stays that Kommune's (two Kommuner may share a name, so the versions
    replaced are the same owner's only)."""
    latest = Programmal.objects.select_for_update().filter(navn=programmal.navn).order_by("-versjon").first()
    same_owner = Programmal.objects.filter(navn=programmal.navn, eier_kommune=programmal.eier_kommune_id)
    for old in same_owner.filter(er_aktiv=True):
        before = snapshot(old)
        old.er_aktiv = False
        audited_update(obj=old, before=before, by=by)
    return audited_create(
        obj=Programmal(
            navn=programmal.navn,
            versjon=latest.versjon + 1,
            innhold=innhold,
            er_aktiv=True,
            eier_kommune=programmal.eier_kommune,
        ),
        by=by,
    )


def _check_may_adapt(by: User | None, kommune: Kommune) -> None:
    if by is not None and not programmal_may_adapt(user=by, kommune=kommune):
        raise PermissionDenied(_("Bare kommunens fasilitator kan lage og tilpasse kommunens programmal."))


@transaction.atomic
def programmal_copy_for(*, kommune: Kommune, by: User | None) -> Programmal:
    """The Kommune's own copy of the template its programmes would start with, for its
    facilitator to adapt: made once (a second click gets the same one)."""
    _check_may_adapt(by, kommune)
    Kommune.objects.select_for_update().get(pk=kommune.pk)  # two clicks wait for each other
    own = programmal_own(kommune)
    if own is not None:
        return own
    base = programmal_active(kommune)
    suffix = f" – {kommune.navn}"
    navn = base.navn[: Programmal._meta.get_field("navn").max_length - len(suffix)] + suffix
    copy = Programmal(
        navn=navn, versjon=_next_versjon(navn), innhold=deepcopy(base.innhold), er_aktiv=True, eier_kommune=kommune
    )
    return audited_create(obj=copy, by=by, source=f"kopi av programmal {base.pk}")


_KLOKKE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _bounded(value, max_length: int, label: str) -> str:
    value = str(value or "").strip()
    if not value:
        raise ValidationError(_("%(felt)s mangler.") % {"felt": label})
    if len(value) > max_length:
        raise ValidationError(
            _("%(felt)s kan ha høyst %(max)s tegn (har %(len)s).")
            % {"felt": label, "max": max_length, "len": len(value)}
        )
    if "\x00" in value:
        raise ValidationError(_("%(felt)s inneholder et ugyldig tegn.") % {"felt": label})
    return value


@transaction.atomic
def programmal_adapt(*, programmal: Programmal, agenda: list[dict], laeringsmal: list[dict], by: User) -> Programmal:
    """The facilitator's adaptation of the Kommune's copy: the agenda's titles and times
    and the learning goals. Saved as the copy's next version (programmal_new_version);
    programmes already started keep theirs. `agenda` has one {"nb", "nn", "start",
    "slutt"} per item of the copy, in order; `laeringsmal` a list of {"nb", "nn"}."""
    if programmal.eier_kommune_id is None:
        raise PermissionDenied(_("Arbeidstilsynets egne maler endres i administrasjonen, ikke her."))
    _check_may_adapt(by, programmal.eier_kommune)
    innhold = deepcopy(programmal.innhold)
    items = innhold.get("agenda", [])
    if len(agenda) != len(items):
        raise ValidationError(_("Agendaen er endret av noen andre. Last siden på nytt."))
    errors = []
    for number, (item, given) in enumerate(zip(items, agenda, strict=True), start=1):
        try:
            titler = {lang: _bounded(given.get(lang), AGENDA_TITTEL_MAX, _("Punkt %(n)s: tittel") % {"n": number})
                      for lang in ("nb", "nn")}  # fmt: skip
            start, slutt = (str(given.get(k) or "").strip() for k in ("start", "slutt"))
            if not (_KLOKKE.match(start) and _KLOKKE.match(slutt)):
                raise ValidationError(_("Punkt %(n)s: skriv tidene som TT:MM, for eksempel 09:15.") % {"n": number})
            if slutt <= start:
                raise ValidationError(_("Punkt %(n)s: slutt må være etter start.") % {"n": number})
        except ValidationError as error:
            errors += error.messages
            continue
        item.update(tittel=titler, start=start, slutt=slutt)
    if not laeringsmal:
        errors.append(_("Skriv minst ett læringsmål."))
    mal = []
    for number, given in enumerate(laeringsmal, start=1):
        try:
            label = _("Læringsmål %(n)s") % {"n": number}
            mal.append({lang: _bounded(given.get(lang), LAERINGSMAL_MAX, label) for lang in ("nb", "nn")})
        except ValidationError as error:
            errors += error.messages
    if errors:
        raise ValidationError(errors)
    innhold["laeringsmal"] = mal
    if innhold == programmal.innhold:
        return programmal
    return programmal_new_version(programmal=programmal, innhold=innhold, by=by)


# --- Veiledning ---------------------------------------------------------------------------


def _check_skoler(kommune: Kommune, skoler) -> list[Skole]:
    skoler = list(skoler)
    foreign = [s for s in skoler if s.kommune_id != kommune.pk]
    if foreign:
        raise ValidationError(_("%(skole)s hører ikke til %(kommune)s.") % {"skole": foreign[0], "kommune": kommune})
    return skoler


def _check_none_running(kommune: Kommune) -> None:
    """One running programme per Kommune. Starting a Veiledning makes its veileder one of
    those the Kommune's content is shared with: another veileder joins a running one only
    when its veiledere add them, never by starting a second."""
    running = Veiledning.objects.filter(kommune=kommune).exclude(steg=Veiledning.Steg.AVSLUTTET)
    if running.exists():
        names = ", ".join(str(u) for u in User.objects.filter(veiledninger__in=running).distinct())
        raise ValidationError(
            _("%(kommune)s har allerede en veiledning som pågår. Be veilederen (%(navn)s) om å legge deg til.")
            % {"kommune": kommune.navn, "navn": names or "–"}
        )


def _check_fasilitatorer(kommune: Kommune, veiledere) -> None:
    """A facilitator runs the programme for their own Kommune's schools only."""
    for user in veiledere:
        if user.is_fasilitator and user.fasilitator_for_id != kommune.pk:
            raise ValidationError(
                _("%(navn)s er fasilitator for %(egen)s og kan bare kjøre veiledninger der, ikke for %(kommune)s.")
                % {"navn": user, "egen": user.fasilitator_for, "kommune": kommune.navn}
            )


@transaction.atomic
def veiledning_create(
    *, kommune: Kommune, veiledere: list[User], skoler=(), by: User | None = None, source: str = ""
) -> Veiledning:
    skoler = _check_skoler(kommune, skoler)
    _check_fasilitatorer(kommune, veiledere)
    Kommune.objects.select_for_update().get(pk=kommune.pk)  # two clicks on "Opprett" wait for each other
    _check_none_running(kommune)
    veiledning = audited_create(
        obj=Veiledning(kommune=kommune, programmal=programmal_active(kommune)), by=by, source=source
    )
    veiledning.veiledere.set(veiledere)
    veiledning.skoler.set(skoler)
    for user in veiledere:  # their programmes, and so what they may see, changed
        memberships_forget(user=user)
    audit_record(
        obj=veiledning,
        action="update",
        by=by,
        source=source,
        changes={"veiledere": [[], [u.pk for u in veiledere]], "skoler": [[], [s.pk for s in skoler]]},
    )
    return veiledning


def veiledning_deletable(veiledning: Veiledning) -> str:
    """Why a Veiledning cannot be deleted ("" when it can): only a mistake still at
    "planlagt" that has reached nobody (no letter, no reminder sent) and holds no work."""
    if veiledning.steg != Veiledning.Steg.PLANLAGT:
        return _("Bare en veiledning som står på steget «planlagt», kan slettes.")
    if veiledning.brev_sendt_at is not None:
        return _("Brevet er sendt, så veiledningen kan ikke slettes.")
    samlinger = list(veiledning.samlinger.all())
    targets = [target_of(veiledning), *(target_of(s) for s in samlinger)]
    targets += [target_of(s.evaluering) for s in samlinger if hasattr(s, "evaluering")]
    unsent = (Paminnelse.State.PLANLAGT, Paminnelse.State.ERSTATTET, Paminnelse.State.KANSELLERT)
    if Paminnelse.objects.filter(target__in=targets).exclude(state__in=unsent).exists():
        return _("Det er sendt påminnelser fra veiledningen, så den kan ikke slettes.")
    if veiledning.oppgavesvar.exists() or veiledning.egenvurderinger.exists():
        return _("Skolene har skrevet svar i veiledningen, så den kan ikke slettes.")
    return ""


@transaction.atomic
def veiledning_delete(*, veiledning: Veiledning, by: User) -> None:
    """Remove a Veiledning started by mistake; its planned reminders are cancelled and the
    deletion is recorded in the audit history."""
    veiledning = Veiledning.objects.select_for_update().get(pk=veiledning.pk)
    if why := veiledning_deletable(veiledning):
        raise ValidationError(why)
    for samling in veiledning.samlinger.all():
        samling_cancel(samling=samling, by=by)
    veiledere = list(veiledning.veiledere.all())
    audited_delete(obj=veiledning, by=by)
    for user in veiledere:  # their programmes, and so what they may see, changed
        memberships_forget(user=user)


@transaction.atomic
def veiledning_set_skoler(*, veiledning: Veiledning, skoler, by: User) -> Veiledning:
    veiledning = Veiledning.objects.select_for_update().get(pk=veiledning.pk)
    skoler = _check_skoler(veiledning.kommune, skoler)
    before = sorted(veiledning.skoler.values_list("pk", flat=True))
    veiledning.skoler.set(skoler)
    after = sorted(s.pk for s in skoler)
    if before != after:
        audit_record(obj=veiledning, action="update", by=by, changes={"skoler": [before, after]})
        seminar = veiledning.samlinger.filter(type=Samling.Type.SEMINAR).first()
        if seminar:
            preparation_sync(samling=seminar)
    return veiledning


@transaction.atomic
def veiledning_set_veiledere(*, veiledning: Veiledning, veiledere, by: User | None) -> Veiledning:
    """Who runs the Veiledning: recorded, and the reminder about an unanswered letter
    goes to the new ones."""
    veiledning = Veiledning.objects.select_for_update().get(pk=veiledning.pk)
    veiledere = list(veiledere)
    if not veiledere:
        raise ValidationError({"veiledere": _("En veiledning trenger minst én veileder.")})
    if any(not user.is_veileder for user in veiledere):
        raise ValidationError({"veiledere": _("Bare veiledere kan kjøre en veiledning.")})
    _check_fasilitatorer(veiledning.kommune, veiledere)
    before = sorted(veiledning.veiledere.values_list("pk", flat=True))
    after = sorted(user.pk for user in veiledere)
    if before != after:
        veiledning.veiledere.set(veiledere)
        for user in veiledere:
            memberships_forget(user=user)
        audit_record(obj=veiledning, action="update", by=by, changes={"veiledere": [before, after]})
        invitation_reminder_sync(veiledning=veiledning)
    return veiledning


@transaction.atomic
def veiledning_update_brev(*, veiledning: Veiledning, var_ref: str, brevform: str, by: User) -> Veiledning:
    veiledning = Veiledning.objects.select_for_update().get(pk=veiledning.pk)
    before = snapshot(veiledning)
    veiledning.var_ref, veiledning.brevform = var_ref.strip(), brevform
    return audited_update(obj=veiledning, before=before, by=by)


@transaction.atomic
def veiledning_set_steg(*, veiledning: Veiledning, til: str, by: User | None, grunn: str = "") -> Veiledning:
    """Forward one step when its data is in place. Going back or skipping needs a
    stated reason, which is recorded; the target step's data must still be there
    (except the letter, which may have gone by post)."""
    veiledning = Veiledning.objects.select_for_update().get(pk=veiledning.pk)
    fra = veiledning.steg
    if til not in steps.ORDER:
        raise ValidationError(_("Ukjent steg."))
    if til == fra:
        raise ValidationError(_("Veiledningen står allerede på dette steget."))
    grunn = grunn.strip()
    check_fields(StegEndring, {"grunn": grunn})  # the step history row is written without full_clean
    if not steps.is_next(fra, til) and not grunn:
        raise ValidationError(
            _("Å gå fra «%(fra)s» til «%(til)s» hopper over rekkefølgen. Skriv en begrunnelse.")
            % {"fra": Veiledning.Steg(fra).label, "til": Veiledning.Steg(til).label}
        )
    moving_forward = steps.ORDER.index(til) > steps.ORDER.index(fra)
    missing = steps.missing_for(veiledning, til, letter_by_other_means=bool(grunn)) if moving_forward else []
    if missing:
        raise ValidationError(
            _("Kan ikke gå til «%(til)s» før %(mangler)s.")
            % {"til": Veiledning.Steg(til).label, "mangler": ", ".join(missing)}
        )
    before = snapshot(veiledning)
    veiledning.steg = til
    audited_update(obj=veiledning, before=before, by=by)
    StegEndring.objects.create(veiledning=veiledning, fra=fra, til=til, grunn=grunn, av=by)
    return veiledning


class LetterSent(ValidationError):
    """The letter has gone already (`at`): a second click, or a second person."""

    def __init__(self, at):
        self.at = at
        super().__init__(_("Brevet ble sendt %(tid)s.") % {"tid": date_format(timezone.localtime(at), "j. b Y H:i")})


@transaction.atomic
def brev_send(*, veiledning: Veiledning, by: User) -> Veiledning:
    """Send the invitation letter once: the row lock and the sent mark make a double
    click a no-op. The PDF is rendered and mailed by a task after commit."""
    veiledning = Veiledning.objects.select_for_update().get(pk=veiledning.pk)
    if veiledning.brev_sendt_at is not None:
        raise LetterSent(veiledning.brev_sendt_at)
    if not veiledning.var_ref:
        raise ValidationError(_("Skriv inn «Vår referanse» (saksnummeret fra arkivet) før brevet sendes."))
    to, cc = brev_recipients(veiledning)
    if not to:
        raise ValidationError(_("Kommunen mangler adresse til postmottak. Legg den inn først."))
    before = snapshot(veiledning)
    veiledning.brev_sendt_at = timezone.now()
    veiledning.brev_mottakere = [*to, *cc]
    audited_update(obj=veiledning, before=before, by=by)
    if veiledning.steg == Veiledning.Steg.PLANLAGT:
        veiledning_set_steg(veiledning=veiledning, til=Veiledning.Steg.INVITERT, by=by)
    invitation_reminder_sync(veiledning=veiledning)
    transaction.on_commit(lambda: deliver_invitation_letter.delay(veiledning.pk))
    return veiledning


RESEND_PAUSE = timedelta(minutes=1)


@transaction.atomic
def brev_resend(*, veiledning: Veiledning, by: User) -> Veiledning:
    """Send the letter again, as it is, to postmottak and the current contacts: for a contact
    added after it went out. Recorded (who, when, to whom); a double click sends once."""
    veiledning = Veiledning.objects.select_for_update().get(pk=veiledning.pk)
    if veiledning.brev_sendt_at is None:
        raise ValidationError(_("Brevet er ikke sendt ennå."))
    last = history_for(veiledning).filter(changes__has_key="brev_sendt_pa_nytt").order_by("-at").first()
    if last is not None and last.at > timezone.now() - RESEND_PAUSE:
        raise ValidationError(_("Brevet ble nettopp sendt på nytt."))
    to, cc = brev_recipients(veiledning)
    if not to:
        raise ValidationError(_("Kommunen mangler adresse til postmottak. Legg den inn først."))
    old = list(veiledning.brev_mottakere)
    veiledning.brev_mottakere = [*to, *cc]
    veiledning.save(update_fields=["brev_mottakere", "updated_at"])
    # One entry, under the recipients' key, so purging personal data finds it (pages/retention.py).
    changes = {"brev_mottakere": [old, [*to, *cc]], "brev_sendt_pa_nytt": [None, timezone.now().isoformat()]}
    audit_record(obj=veiledning, action="update", by=by, changes=changes)
    transaction.on_commit(lambda: deliver_invitation_letter.delay(veiledning.pk))
    return veiledning


def brev_resendings(veiledning: Veiledning) -> list[dict]:
    """When the letter was sent again, and to whom (from the audit history)."""
    entries = history_for(veiledning).filter(changes__has_key="brev_sendt_pa_nytt").order_by("at")
    return [{"at": e.at, "av": e.actor, "mottakere": e.changes["brev_mottakere"][1]} for e in entries]


# --- Samlinger and Deltakere -------------------------------------------------------------


def _add_kommune_deltakere(samling: Samling, by: User | None) -> None:
    kontakter = samling.veiledning.kommune.kontakter.filter(skole__isnull=True, rolle__in=KOMMUNE_MOTE_ROLLER)
    for kontakt in kontakter:
        if not samling.deltakere.filter(epost=kontakt.epost).exists():
            audited_create(
                obj=Deltaker(
                    samling=samling, kontakt=kontakt, navn=kontakt.navn, epost=kontakt.epost, rolle=kontakt.rolle
                ),
                by=by,
            )


def _upsert_samling(veiledning: Veiledning, type_: str, fields: dict, by: User | None, source: str = "") -> Samling:
    samling = Samling.objects.select_for_update().filter(veiledning=veiledning, type=type_).first()
    if samling is None:
        samling = audited_create(obj=Samling(veiledning=veiledning, type=type_, **fields), by=by, source=source)
        if type_ in (Samling.Type.OPPSTART, Samling.Type.OPPFOLGING):
            _add_kommune_deltakere(samling, by)
    else:
        before, shown = snapshot(samling), calendar_state(samling)
        for name, value in fields.items():
            setattr(samling, name, value)
        if calendar_state(samling) != shown:  # the calendar entry's next version
            samling.sekvens += 1
        audited_update(obj=samling, before=before, by=by, source=source)
    return samling


@transaction.atomic
def samling_schedule(
    *,
    veiledning: Veiledning,
    type: str,
    start: datetime,
    slutt: datetime,
    sted: str = "",
    teams_lenke: str = "",
    notater: str | None = None,
    by: User | None = None,
    source: str = "",
) -> Samling:
    """Set or move a Samling. The seminar brings the oppfølging six months later along
    with it; every move re-times the reminders."""
    veiledning = Veiledning.objects.select_for_update().get(pk=veiledning.pk)
    if slutt <= start:
        raise ValidationError({"slutt": _("Slutt må være etter start.")})
    # Checked before any date arithmetic (reminders before it, the follow-up after it),
    # which would overflow at year 9999 or 0001. Not field errors: forms name dates differently.
    validate_programme_date(start)
    validate_programme_date(slutt)
    if type == Samling.Type.SEMINAR:
        validate_programme_date(skoleferie.oppfolging_forslag(start))
    old = veiledning.samlinger.filter(type=type).first()
    fields = {"start": start, "slutt": slutt, "sted": sted, "teams_lenke": teams_lenke, "avlyst": False}
    if notater is not None:
        fields["notater"] = notater
    samling = _upsert_samling(veiledning, type, fields, by, source)
    meeting_reminders_sync(samling=samling)
    if type == Samling.Type.SEMINAR:
        preparation_sync(samling=samling)
    # The seminar's evaluation and the oppfølging's follow-up reminders follow (hooks.py).
    hooks.samling_changed(samling=samling, change=hooks.SCHEDULED, by=by, source=source)
    if type == Samling.Type.SEMINAR:
        _schedule_oppfolging(veiledning, samling, old_start=old.start if old else None, by=by, source=source)
    if type == Samling.Type.OPPSTART:
        invitation_reminder_sync(veiledning=veiledning)
    return samling


def _schedule_oppfolging(veiledning, seminar: Samling, *, old_start, by, source) -> None:
    oppfolging = veiledning.samlinger.filter(type=Samling.Type.OPPFOLGING).first()
    if oppfolging is None:  # proposed on a school day (skoleferie.py); the veileder may change it
        start = skoleferie.oppfolging_forslag(seminar.start)
        fields = {"start": start, "slutt": start + timedelta(hours=1), "sted": "Teams"}
    elif old_start is not None and old_start != seminar.start:
        # Moves with the seminar, kept the veileder's time of day, and off any holiday.
        start = skoleferie.on_skoledag(timezone.localtime(oppfolging.start) + (seminar.start - old_start))
        fields = {"start": start, "slutt": start + (oppfolging.slutt - oppfolging.start)}
    else:
        return
    oppfolging = _upsert_samling(veiledning, Samling.Type.OPPFOLGING, fields, by, source)
    meeting_reminders_sync(samling=oppfolging)
    hooks.samling_changed(samling=oppfolging, change=hooks.SCHEDULED, by=by, source=source)


@transaction.atomic
def samling_cancel(*, samling: Samling, by: User) -> Samling:
    samling = Samling.objects.select_for_update().get(pk=samling.pk)
    before = snapshot(samling)
    if not samling.avlyst:
        samling.avlyst = True
        samling.sekvens += 1
    audited_update(obj=samling, before=before, by=by)
    meeting_reminders_sync(samling=samling)
    preparation_sync(samling=samling)
    hooks.samling_changed(samling=samling, change=hooks.CANCELLED, by=by)
    return samling


@transaction.atomic
def samling_set_notater(*, samling: Samling, notater: str, by: User) -> Samling:
    samling = Samling.objects.select_for_update().get(pk=samling.pk)
    before = snapshot(samling)
    samling.notater = notater
    return audited_update(obj=samling, before=before, by=by)


@transaction.atomic
def deltaker_add(
    *,
    samling: Samling,
    navn: str,
    epost: str,
    rolle: str,
    skole: Skole | None = None,
    kontakt: Kontakt | None = None,
    by: User | None = None,
    source: str = "",
) -> Deltaker:
    if skole is not None and not samling.veiledning.skoler.filter(pk=skole.pk).exists():
        raise ValidationError({"skole": _("Skolen er ikke med i veiledningen.")})
    Samling.objects.select_for_update().get(pk=samling.pk)  # the check below holds until commit
    if samling.deltakere.filter(epost__iexact=epost.strip()).exists():
        raise ValidationError(
            {"epost": _("%(epost)s er allerede påmeldt denne samlingen.") % {"epost": epost.strip().lower()}}
        )
    deltaker = audited_create(
        obj=Deltaker(samling=samling, navn=navn, epost=epost.lower(), rolle=rolle, skole=skole, kontakt=kontakt),
        by=by,
        source=source,
    )
    meeting_reminders_sync(samling=samling)
    hooks.samling_changed(samling=samling, change=hooks.PARTICIPANTS, by=by, source=source)
    return deltaker


@transaction.atomic
def deltakere_add_hms_grupper(*, samling: Samling, by: User | None = None, source: str = "") -> int:
    """Register rektor, verneombud and tillitsvalgte of every school in the Veiledning."""
    added = 0
    existing = set(samling.deltakere.values_list("epost", flat=True))
    kontakter = Kontakt.objects.filter(skole__in=samling.veiledning.skoler.all(), rolle__in=Kontakt.SKOLE_ROLLER)
    for kontakt in kontakter.select_related("skole"):
        if kontakt.epost not in existing:
            audited_create(
                obj=Deltaker(
                    samling=samling,
                    kontakt=kontakt,
                    navn=kontakt.navn,
                    epost=kontakt.epost,
                    rolle=kontakt.rolle,
                    skole=kontakt.skole,
                ),
                by=by,
                source=source,
            )
            existing.add(kontakt.epost)
            added += 1
    meeting_reminders_sync(samling=samling)
    hooks.samling_changed(samling=samling, change=hooks.PARTICIPANTS, by=by, source=source)
    return added


@transaction.atomic
def deltakere_add_chosen(
    *, samling: Samling, kontakter=(), fra_deltakere=(), by: User | None = None, source: str = ""
) -> int:
    """Register, in one action, chosen Kontakter of the Kommune and chosen participants of
    another Samling of the same Veiledning; anyone already registered is left as they are."""
    samling = Samling.objects.select_for_update().get(pk=samling.pk)
    veiledning = samling.veiledning
    skoler = set(veiledning.skoler.values_list("pk", flat=True))
    existing = {e.lower() for e in samling.deltakere.values_list("epost", flat=True)}
    people = [
        {"kontakt": k, "navn": k.navn, "epost": k.epost, "rolle": k.rolle, "skole": k.skole}
        for k in kontakter
        if k.kommune_id == veiledning.kommune_id
    ]
    people += [
        {"kontakt": d.kontakt, "navn": d.navn, "epost": d.epost, "rolle": d.rolle, "skole": d.skole}
        for d in fra_deltakere
        if d.samling.veiledning_id == veiledning.pk
    ]
    added = 0
    for person in people:
        epost = person["epost"].lower()
        if epost in existing:
            continue
        skole = person["skole"] if person["skole"] is not None and person["skole"].pk in skoler else None
        audited_create(
            obj=Deltaker(samling=samling, **{**person, "epost": epost, "skole": skole}), by=by, source=source
        )
        existing.add(epost)
        added += 1
    if added:
        meeting_reminders_sync(samling=samling)
        hooks.samling_changed(samling=samling, change=hooks.PARTICIPANTS, by=by, source=source)
    return added


@transaction.atomic
def deltaker_set_oppmott(*, deltaker: Deltaker, oppmott: bool | None, by: User) -> Deltaker:
    deltaker = Deltaker.objects.select_for_update().get(pk=deltaker.pk)
    before = snapshot(deltaker)
    deltaker.oppmott = oppmott
    return audited_update(obj=deltaker, before=before, by=by)


@transaction.atomic
def deltaker_remove(*, deltaker: Deltaker, by: User) -> None:
    """Unregister a participant: their reminders stop. One marked as having attended stays
    (the attendance counts in the rate and the totals); clear the mark first."""
    deltaker = Deltaker.objects.select_for_update().select_related("samling").get(pk=deltaker.pk)
    if deltaker.oppmott:
        raise ValidationError(
            _("%(navn)s er registrert som møtt og kan ikke fjernes. Fjern merket for oppmøte først.")
            % {"navn": deltaker.navn}
        )
    samling = deltaker.samling
    audited_delete(obj=deltaker, by=by)
    meeting_reminders_sync(samling=samling)
    hooks.samling_changed(samling=samling, change=hooks.PARTICIPANTS, by=by)


# --- Group-task answers and Egenvurdering ----------------------------------------------------


class StaleVersion(ValidationError):
    """A save based on an older version than the stored one: both are shown."""

    def __init__(self, stored):
        self.stored = stored
        super().__init__(_("Noen andre har lagret et nyere svar. Se begge versjonene og velg."))


@transaction.atomic
def oppgavesvar_save(
    *, veiledning: Veiledning, skole: Skole, oppgave: str, sporsmal: int, tekst: str, versjon: int, by: User,
    bekreftet: bool = False,
) -> Oppgavesvar:  # fmt: skip
    """Save one answer. `versjon` is the version the person started from (0 for new);
    a save from an older version is refused with the stored one (no silent overwrite).
    Text that may identify someone waits until the group confirms it does not (§4)."""
    if sporsmal not in range(len(_school_task(veiledning, oppgave).get("sporsmal", []))):
        raise ValidationError(_("Ukjent oppgave eller spørsmål."))
    svar = (
        Oppgavesvar.objects.select_for_update()
        .filter(veiledning=veiledning, skole=skole, oppgave=oppgave, sporsmal=sporsmal)
        .first()
    )
    # Versions first: a held text never moves the person past someone else's newer answer.
    if svar is None and versjon not in (0, None):
        raise ValidationError(_("Ukjent versjon."))
    if svar is not None and svar.versjon != versjon:
        raise StaleVersion(svar)
    if svar is not None and svar.tekst == tekst:
        return svar
    check_texts({"tekst": tekst}, bekreftet=bekreftet, model=Oppgavesvar)
    if svar is None:
        return audited_create(
            obj=Oppgavesvar(veiledning=veiledning, skole=skole, oppgave=oppgave, sporsmal=sporsmal, tekst=tekst), by=by
        )
    before = snapshot(svar)
    svar.tekst = tekst
    svar.versjon += 1
    return audited_update(obj=svar, before=before, by=by, merge=True)


def _school_task(veiledning: Veiledning, oppgave: str) -> dict:
    """The school group task of that key in the template the Veiledning keeps; {} if none
    (an answer to it would be stored and never shown)."""
    oppgaver = programmal_for(veiledning).innhold.get("oppgaver", [])
    return next((o for o in oppgaver if o["key"] == oppgave and o.get("for") == "skole"), {})


@transaction.atomic
def egenvurdering_save(
    *, veiledning: Veiledning, skole: Skole, fase: str, svar: dict, ferdig: bool, by: User, bekreftet: bool = False
) -> Egenvurdering:
    """The group's answers; a comment that may identify someone waits until the group
    confirms it does not (§4), keyed by the point it comments on."""
    kinds = {p["key"]: p.get("type", "") for p in veiledning.programmal.innhold.get("egenvurdering", [])}
    clean = {}
    for key, value in svar.items():
        if key not in kinds:
            continue
        kommentar = value.get("kommentar", "").strip()
        if kinds[key] == Egenvurdering.NIVAER and Egenvurdering.NIVAER in value:  # the levels ticked
            nivaer = value[Egenvurdering.NIVAER] or []
            if any(n not in Egenvurdering.nivaer_values() for n in nivaer):
                raise ValidationError(_("Ukjent nivå."))
            ordered = [n for n in Egenvurdering.nivaer_values() if n in nivaer]
            clean[key] = {Egenvurdering.NIVAER: ordered, "kommentar": kommentar}
            continue
        choice = value.get("svar", "")
        if choice and choice not in Egenvurdering.Svar.values:
            raise ValidationError(_("Ukjent svar."))
        clean[key] = {"svar": choice, "kommentar": kommentar}
    if ferdig and any(not Egenvurdering.answered(clean.get(k, {})) for k in kinds):
        raise ValidationError(_("Svar ja, delvis eller nei på alle punktene før egenvurderingen merkes som ferdig."))
    vurdering = Egenvurdering.objects.select_for_update().filter(veiledning=veiledning, skole=skole, fase=fase).first()
    stored = {key: value.get("kommentar", "") for key, value in (vurdering.svar if vurdering else {}).items()}
    check_texts({key: value["kommentar"] for key, value in clean.items()}, bekreftet=bekreftet, before=stored)
    if vurdering is None:
        return audited_create(
            obj=Egenvurdering(veiledning=veiledning, skole=skole, fase=fase, svar=clean, ferdig=ferdig), by=by
        )
    before = snapshot(vurdering)
    vurdering.svar, vurdering.ferdig = clean, ferdig
    return audited_update(obj=vurdering, before=before, by=by, merge=True)
