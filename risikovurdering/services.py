"""Writes for risk assessments. Each is one transaction and audited; rows save one at a
time with a version, so people working on different rows never clash."""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from core.audit import audit_record, audited_create, audited_delete, audited_update, snapshot
from core.bounds import check_fields, latest_date
from core.privacy import checked_comment, findings
from kommuner.models import Kommune, Skole
from risikovurdering.matrix import check_rules
from risikovurdering.models import Kommentar, Risikoforhold, Risikomatrise, Risikovurdering
from risikovurdering.reminders import review_reminders_sync

STANDARD_MATRISE = Path(__file__).parent / "matriser" / "standard.json"


@transaction.atomic
def matrise_standard() -> Risikomatrise:
    matrise = Risikomatrise.objects.filter(er_standard=True).order_by("-versjon").first()
    if matrise is None:
        data = json.loads(STANDARD_MATRISE.read_text(encoding="utf-8"))
        matrise = Risikomatrise(**data, er_standard=True)
        if check_rules(matrise):
            raise ValueError(check_rules(matrise))
        matrise = audited_create(obj=matrise, source="standard")
    return matrise


@transaction.atomic
def risikovurdering_create(
    *,
    niva: str,
    by: User | None,
    skole: Skole | None = None,
    kommune: Kommune | None = None,
    enhet: str = "",
    ros_referanse: str = "",
    dato: date | None = None,
    source: str = "",
) -> Risikovurdering:
    if niva not in Risikovurdering.Niva.values:
        raise ValidationError({"niva": _("Ukjent nivå.")})
    if niva == Risikovurdering.Niva.SEKTOR:
        if kommune is None or skole is not None:
            raise ValidationError(_("En sektorvurdering hører til kommunen."))
    elif skole is None:
        raise ValidationError(_("En vurdering på individ-, trinn- eller skolenivå hører til en skole."))
    else:
        kommune = skole.kommune
    if niva == Risikovurdering.Niva.TRINN and not enhet.strip():
        raise ValidationError({"enhet": _("Skriv hvilket trinn eller hvilken avdeling vurderingen gjelder.")})
    ros_referanse = ros_referanse.strip() if niva == Risikovurdering.Niva.INDIVID else ""
    if niva == Risikovurdering.Niva.INDIVID:
        _check_referanse(ros_referanse)
    check_fields(Risikovurdering, {"enhet": enhet.strip(), "ros_referanse": ros_referanse})
    vurdering = Risikovurdering(
        kommune=kommune, skole=skole, niva=niva, enhet=enhet.strip(), ros_referanse=ros_referanse,
        matrise=matrise_standard(), dato=dato or timezone.localdate(),
    )  # fmt: skip
    return audited_create(obj=vurdering, by=by, source=source)


@transaction.atomic
def risikovurdering_update(*, vurdering: Risikovurdering, fields: dict, by: User) -> Risikovurdering:
    """The header: date, who took part, sources, next review, unit."""
    vurdering = Risikovurdering.objects.select_for_update().get(pk=vurdering.pk)
    if vurdering.status == Risikovurdering.Status.FERDIG:
        raise ValidationError(_("Vurderingen er ferdig. Start en ny versjon for å endre den."))
    before = snapshot(vurdering)
    allowed = {"dato", "deltakere", "kilder", "neste_gjennomgang", "enhet"}
    if vurdering.er_henvisning:  # only where the pupil's ROS analysis is kept, and when
        allowed = {"dato", "neste_gjennomgang", "ros_referanse"}
        if "ros_referanse" in fields:
            fields = {**fields, "ros_referanse": (fields["ros_referanse"] or "").strip()}
            _check_referanse(fields["ros_referanse"])
    for name, value in fields.items():
        if name in allowed:
            setattr(vurdering, name, value)
    return audited_update(obj=vurdering, before=before, by=by, merge=True)


@transaction.atomic
def risikovurdering_set_ferdig(*, vurdering: Risikovurdering, by: User) -> Risikovurdering:
    """Rektor (or the Kommune's employer side, for sektor) marks it finished. Every
    row must be rated first; the next review defaults to a year on."""
    vurdering = Risikovurdering.objects.select_for_update().get(pk=vurdering.pk)
    if vurdering.status == Risikovurdering.Status.FERDIG:
        return vurdering
    if vurdering.er_henvisning:
        _check_referanse(vurdering.ros_referanse)
    elif not vurdering.rader.exists():
        raise ValidationError(_("Vurderingen har ingen risikoforhold ennå."))
    unrated = (
        vurdering.rader.filter(sannsynlighet__isnull=True).count()
        + vurdering.rader.filter(sannsynlighet__isnull=False, alvorlighet__isnull=True).count()
    )
    if unrated:
        raise ValidationError(
            ngettext(
                "%(n)s risikoforhold mangler sannsynlighet eller alvorlighetsgrad. Vurder det før du merker ferdig.",
                "%(n)s risikoforhold mangler sannsynlighet eller alvorlighetsgrad. Vurder alle før du merker ferdig.",
                unrated,
            )
            % {"n": unrated}
        )
    # A date stored before dates had bounds would overflow below; say what to correct.
    check_fields(Risikovurdering, {"dato": vurdering.dato})
    before = snapshot(vurdering)
    vurdering.status = Risikovurdering.Status.FERDIG
    vurdering.ferdig_av, vurdering.ferdig_at = by, timezone.now()
    a_year_on = min(vurdering.dato + timedelta(days=365), latest_date())
    vurdering.neste_gjennomgang = vurdering.neste_gjennomgang or a_year_on
    audited_update(obj=vurdering, before=before, by=by)
    review_reminders_sync(vurdering=vurdering)
    return vurdering


COPIED_ROW_FIELDS = (
    "hvor", "hvor_annet", "nar", "nar_annet", "situasjon", "utsatte", "utsatte_annet", "hendelse", "faktorer",
    "eksisterende_tiltak", "sannsynlighet", "alvorlighet",
)  # fmt: skip


@transaction.atomic
def risikovurdering_new_version(*, vurdering: Risikovurdering, by: User | None) -> Risikovurdering:
    """A review starts a new version as a copy of the last; the old one stays readable."""
    vurdering = Risikovurdering.objects.select_for_update().get(pk=vurdering.pk)
    if hasattr(vurdering, "neste") and vurdering.neste is not None:
        raise ValidationError(_("Det finnes allerede en nyere versjon."))
    review_reminders_sync(vurdering=vurdering, stop=True)  # the review has started
    copy = audited_create(
        obj=Risikovurdering(
            kommune=vurdering.kommune, skole=vurdering.skole, niva=vurdering.niva, enhet=vurdering.enhet,
            ros_referanse=vurdering.ros_referanse, matrise=vurdering.matrise, versjon=vurdering.versjon + 1,
            forrige=vurdering, dato=timezone.localdate(),
            deltakere=list(vurdering.deltakere), kilder=list(vurdering.kilder),
        ),
        by=by,
    )  # fmt: skip
    kopier = {}
    for rad in vurdering.rader.all():
        fields = {f: getattr(rad, f) for f in COPIED_ROW_FIELDS}
        kopier[rad.pk] = audited_create(obj=Risikoforhold(vurdering=copy, forrige=rad, **fields), by=by).pk
    _measures_follow(kopier, by=by)
    return copy


def _measures_follow(kopier: dict[int, int], *, by: User | None) -> None:
    """The measures (Tiltak in a plan) that answered the old rows answer their copies now:
    each link moves to the copy, and the move is in the measure's audit log. Through the
    relation's own table, so this app needs nothing from the plans' code."""
    through = Risikoforhold.tiltak.through  # the plans' Tiltak ↔ Risikoforhold links
    links = list(through.objects.select_for_update().filter(risikoforhold_id__in=kopier).select_related("tiltak"))
    moved: dict[int, tuple] = {}
    for link in links:
        tiltak, old = moved.get(link.tiltak_id, (link.tiltak, None))
        if old is None:
            old = sorted(tiltak.risikoforhold.values_list("pk", flat=True))
        moved[link.tiltak_id] = (tiltak, old)
        link.risikoforhold_id = kopier[link.risikoforhold_id]
        link.save(update_fields=["risikoforhold"])
    for tiltak, old in moved.values():
        new = sorted(kopier.get(pk, pk) for pk in old)
        audit_record(obj=tiltak, action="update", by=by, changes={"risikoforhold": [old, new]})


def _check_referanse(referanse: str) -> None:
    """An individual-level entry holds where the pupil's ROS analysis is kept: a case number
    or a place, never anything that may identify the pupil."""
    if not referanse:
        raise ValidationError({"ros_referanse": _("Skriv saksnummeret eller hvor ROS-analysen ligger.")})
    if findings(referanse):
        raise ValidationError(
            {"ros_referanse": _("Skriv bare saksnummeret eller hvor analysen ligger, ingen opplysninger om eleven.")}
        )


NO_ROWS_ON_REFERENCE = gettext_lazy(
    "En ROS-analyse på individnivå er bare en henvisning til analysen. Den har ingen risikoforhold her."
)


@transaction.atomic
def risikoforhold_create(*, vurdering: Risikovurdering, by: User | None, fields: dict | None = None) -> Risikoforhold:
    if vurdering.status == Risikovurdering.Status.FERDIG:
        raise ValidationError(_("Vurderingen er ferdig. Start en ny versjon for å endre den."))
    if vurdering.er_henvisning:
        raise ValidationError(NO_ROWS_ON_REFERENCE)
    rad = Risikoforhold(vurdering=vurdering, **(fields or {}))
    _check_scales(rad)
    return audited_create(obj=rad, by=by)


class StaleRow(ValidationError):
    """Someone saved this row after the version the person started from."""

    def __init__(self, stored: Risikoforhold):
        self.stored = stored
        super().__init__(_("Noen andre har lagret en nyere versjon av dette risikoforholdet."))


@dataclass
class SaveResult:
    rad: Risikoforhold
    paused: dict[str, list[str]] = field(default_factory=dict)  # field → why it may identify someone
    changed: bool = False


@transaction.atomic
def risikoforhold_save(
    *, rad: Risikoforhold, fields: dict, versjon: int, by: User, bekreftet: set[str] = frozenset()
) -> SaveResult:
    """Save what the person typed. A free-text field that may identify someone is held
    back (not saved) until the person confirms it; the other fields save."""
    rad = Risikoforhold.objects.select_for_update().select_related("vurdering").get(pk=rad.pk)
    if rad.vurdering.status == Risikovurdering.Status.FERDIG:
        raise ValidationError(_("Vurderingen er ferdig. Start en ny versjon for å endre den."))
    if rad.versjon != versjon:
        raise StaleRow(rad)
    check_fields(Risikoforhold, fields)
    result = SaveResult(rad=rad)
    before = snapshot(rad)
    for name, value in fields.items():
        if name in Risikoforhold.TEXT_FIELDS and name not in bekreftet:
            why = findings(value)
            if why and value != getattr(rad, name):
                result.paused[name] = why
                continue
        setattr(rad, name, value)
    _check_scales(rad)
    if snapshot(rad) != before:
        rad.versjon += 1
        audited_update(obj=rad, before=before, by=by, merge=True)
        result.changed = True
    return result


@transaction.atomic
def risikoforhold_create_saved(
    *, vurdering: Risikovurdering, fields: dict, by: User, bekreftet: set[str] = frozenset()
) -> SaveResult | None:
    """A new row from the first save of its form: it exists only if something of what was
    typed is saved (a text held back for privacy alone makes no row), so opening the form
    and leaving leaves no empty row behind. None when nothing was saved."""
    rad = risikoforhold_create(vurdering=vurdering, by=by)
    result = risikoforhold_save(rad=rad, fields=fields, versjon=rad.versjon, by=by, bekreftet=bekreftet)
    if not result.changed:
        transaction.set_rollback(True)
        return None
    return result


def _check_scales(rad: Risikoforhold) -> None:
    matrise = rad.vurdering.matrise
    if rad.sannsynlighet is not None and not 0 <= rad.sannsynlighet < len(matrise.sannsynlighet):
        raise ValidationError({"sannsynlighet": _("Ugyldig verdi.")})
    if rad.alvorlighet is not None and not 0 <= rad.alvorlighet < len(matrise.alvorlighet):
        raise ValidationError({"alvorlighet": _("Ugyldig verdi.")})


@transaction.atomic
def risikoforhold_delete(*, rad: Risikoforhold, by: User) -> None:
    if rad.vurdering.status == Risikovurdering.Status.FERDIG:
        raise ValidationError(_("Vurderingen er ferdig. Start en ny versjon for å endre den."))
    audited_delete(obj=rad, by=by)


@transaction.atomic
def kommentar_create(*, vurdering: Risikovurdering, tekst: str, rolle: str, by: User, bekreftet: bool = False):
    tekst = checked_comment(model=Kommentar, tekst=tekst, bekreftet=bekreftet)
    return audited_create(obj=Kommentar(vurdering=vurdering, tekst=tekst, rolle=rolle, av=by), by=by)
