"""Reads for the workflow, scoped by user (DESIGN.md §9)."""

from collections.abc import Collection

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import regelverk
from core.language import content_language
from kommuner.access import MIN_SKOLER_AVERAGE, Omrade, Tilgang, q, tilgang
from kommuner.models import Kommune, Kontakt, Skole
from kommuner.selectors import kommune_member_ids, skole_member_ids
from veiledning.models import Deltaker, Egenvurdering, Oppgavesvar, Programmal, Samling, Veiledning
from veiledning.programmal import hovedbudskap, lenker, tekst

# Who meets at oppstart and oppfølging, and gets the letter in copy: skoleeier,
# HMS-seksjon, HTV and HVO.
KOMMUNE_MOTE_ROLLER = (*Kontakt.ARBEIDSGIVER, *Kontakt.PARTENE)  # who meets at oppstart and gets the letter


def _assigned(qs: QuerySet[Veiledning], user: User) -> QuerySet[Veiledning]:
    """A veileder's own: those they are assigned to; a facilitator's only in their own
    Kommune, whoever added them to another's."""
    qs = qs.filter(veiledere=user)
    return qs.filter(kommune=user.fasilitator_for_id) if user.is_fasilitator else qs


def veiledninger_for(*, user: User) -> QuerySet[Veiledning]:
    """Veiledere: those they are assigned to (admins: all; facilitators: in their own
    Kommune). Kommune roles: their own Kommune's. The HMS-gruppe: those its school takes
    part in."""
    qs = Veiledning.objects.select_related("kommune", "programmal")
    if not user.is_authenticated:
        return qs.none()
    if user.is_admin:
        return qs
    if user.is_veileder:
        return _assigned(qs, user)
    return qs.filter(
        Q(kommune__in=kommune_member_ids(user=user)) | Q(skoler__in=skole_member_ids(user=user))
    ).distinct()


def veiledninger_writable_for(*, user: User) -> QuerySet[Veiledning]:
    qs = Veiledning.objects.select_related("kommune", "programmal")
    if not user.is_authenticated:
        return qs.none()
    if user.is_admin:
        return qs
    if user.is_veileder:
        return _assigned(qs, user)
    return qs.none()


def dashboard_for(*, user: User, fylke: str = "", steg: str = "", veileder: str = "") -> QuerySet[Veiledning]:
    # Not the programme template: a large JSON document per row that the list never shows.
    qs = (
        veiledninger_for(user=user)
        .select_related(None)
        .select_related("kommune")
        .prefetch_related(Prefetch("samlinger", queryset=Samling.objects.order_by("start")))
    )
    if fylke:
        qs = qs.filter(kommune__fylke=fylke)
    if steg:
        qs = qs.filter(steg=steg)
    if veileder:
        qs = qs.filter(veiledere__pk=veileder)
    return qs.order_by("kommune__navn")


def running_for(*, kommune: Kommune) -> Veiledning | None:
    """The Kommune's running Veiledning (there is at most one), with its veiledere: anyone
    about to start one is told it exists, and by whom, though they may not open it."""
    qs = Veiledning.objects.filter(kommune=kommune).exclude(steg=Veiledning.Steg.AVSLUTTET)
    return qs.prefetch_related("veiledere").first()


def samlinger_for(*, user: User) -> QuerySet[Samling]:
    return Samling.objects.filter(veiledning__in=veiledninger_for(user=user)).select_related("veiledning__kommune")


def upcoming_samlinger_for(*, user: User, limit: int = 10) -> QuerySet[Samling]:
    return samlinger_for(user=user).filter(start__gte=timezone.now(), avlyst=False).order_by("start")[:limit]


def deltakere_for(*, user: User, samling: Samling) -> QuerySet[Deltaker]:
    """HMS-gruppe members see their own school's participants; the others all."""
    qs = samling.deltakere.select_related("skole", "kontakt")
    if tilgang(user, Omrade.VEILEDNING, kommune=samling.veiledning.kommune).status:
        return qs
    return qs.filter(skole__in=skoler_in(veiledning=samling.veiledning, user=user))


def forrige_samling(samling: Samling) -> Samling | None:
    """The meeting before this one in the same Veiledning (not cancelled)."""
    earlier = samling.veiledning.samlinger.filter(start__lt=samling.start, avlyst=False).exclude(pk=samling.pk)
    return earlier.order_by("-start").first()


def deltaker_forslag(*, samling: Samling) -> list[dict]:
    """Who the veileder may register in one action: the Kommune's contacts (its own and
    those at the Veiledning's schools) and the previous meeting's participants, each once,
    leaving out anyone already registered. Each has a value for the form: kontakt:<pk> or
    deltaker:<pk>."""
    veiledning = samling.veiledning
    registered = {e.lower() for e in samling.deltakere.values_list("epost", flat=True)}
    kontakter = veiledning.kommune.kontakter.filter(
        Q(skole__isnull=True) | Q(skole__in=veiledning.skoler.all())
    ).select_related("skole")
    forslag, seen = [], set(registered)
    for k in sorted(kontakter, key=lambda k: (k.skole.navn if k.skole else "", k.rolle, k.navn)):
        if k.epost.lower() not in seen:
            seen.add(k.epost.lower())
            forslag.append({"value": f"kontakt:{k.pk}", "person": k, "kilde": "kontakt"})
    forrige = forrige_samling(samling)
    if forrige is not None:
        for d in forrige.deltakere.select_related("skole"):
            if d.epost.lower() not in seen:
                seen.add(d.epost.lower())
                forslag.append({"value": f"deltaker:{d.pk}", "person": d, "kilde": "forrige"})
    return forslag


def hms_grupper_mangler(*, samling: Samling) -> str:
    """Why "Legg til HMS-gruppene" found nobody to add, in words."""
    veiledning = samling.veiledning
    if not veiledning.skoler.exists():
        return _("Ingen skoler er valgt i veiledningen. Velg skolene først.")
    kontakter = Kontakt.objects.filter(skole__in=veiledning.skoler.all(), rolle__in=Kontakt.SKOLE_ROLLER)
    if not kontakter.exclude(epost="").exists():
        return _(
            "Skolene i veiledningen har ingen rektor, verneombud eller tillitsvalgt registrert med e-post. "
            "Legg dem inn som kontakter på skolesidene."
        )
    return _("Ingen nye: alle er allerede påmeldt.")


def skoler_in(*, veiledning: Veiledning, user: User) -> QuerySet[Skole]:
    """The Veiledning's schools the user sees: all of them for its veiledere and the
    Kommune's roles; the HMS-gruppe its own."""
    return veiledning.skoler.filter(q(user, Omrade.VEILEDNING, kommune="kommune", skole="pk"))


def skole_tilgang(*, user: User, veiledning: Veiledning, skole: Skole, omrade: Omrade) -> Tilgang:
    """What the user may do with a school's Egenvurdering or group-task answers. The school
    comes from `skoler_in`, so it is one of the Veiledning's."""
    return tilgang(user, omrade, kommune=veiledning.kommune, skole_id=skole.pk)


def skoler_med_tilgang(*, user: User, veiledning: Veiledning) -> list[Skole]:
    """The schools the user sees, each marked with whether the user may open its
    Egenvurdering and its group-task answers (from the memoised roles: no query per school)."""
    skoler = list(skoler_in(veiledning=veiledning, user=user))
    for skole in skoler:
        for omrade, name in ((Omrade.EGENVURDERING, "les_egenvurdering"), (Omrade.OPPGAVESVAR, "les_oppgaver")):
            access = skole_tilgang(user=user, veiledning=veiledning, skole=skole, omrade=omrade)
            setattr(skole, name, access.innhold)
    return skoler


def oppgavesvar_for(*, veiledning: Veiledning, skoler) -> dict:
    """{(skole_id, oppgave, sporsmal): Oppgavesvar}"""
    rows = Oppgavesvar.objects.filter(veiledning=veiledning, skole__in=skoler)
    return {(r.skole_id, r.oppgave, r.sporsmal): r for r in rows}


def egenvurdering_endring(*, user: User, veiledning: Veiledning) -> dict:
    """Per school and for the Kommune: points at baseline and follow-up, and the change,
    as far as the user may see them (egenvurdering_endring_for)."""
    return egenvurdering_endring_for(
        veiledning=veiledning, readable=egenvurdering_readable_ids(user=user, veiledning=veiledning)
    )


def egenvurdering_skole_ids(*, veiledning: Veiledning) -> set[int]:
    """The schools an Egenvurdering of this Veiledning may be about: its schools, and any
    that has one from before it left the Veiledning."""
    ids = set(veiledning.skoler.values_list("pk", flat=True))
    return ids | set(Egenvurdering.objects.filter(veiledning=veiledning).values_list("skole_id", flat=True))


def egenvurdering_readable_ids(*, user: User, veiledning: Veiledning, among: set[int] | None = None) -> set[int]:
    """Of those (`among`, when the caller has them already), the schools whose
    Egenvurdering the user reads."""
    kommune = veiledning.kommune
    among = egenvurdering_skole_ids(veiledning=veiledning) if among is None else among
    return {pk for pk in among if tilgang(user, Omrade.EGENVURDERING, kommune=kommune, skole_id=pk).innhold}


def egenvurdering_endring_for(*, veiledning: Veiledning, readable: Collection[int]) -> dict:
    """Per school and for the Kommune, for a reader of the schools `readable`: each of
    those schools, and the Kommune's total where the reader reads every school's or it
    pools at least three (a total of two schools would give away the other one's). A
    report made for an audience gets the same answer as a page for a user."""
    rows = Egenvurdering.objects.filter(veiledning=veiledning).select_related("skole")
    by_school: dict[int, dict] = {}
    for row in rows:
        entry = by_school.setdefault(row.skole_id, {"skole": row.skole})
        entry[row.fase] = row
    maks = 2 * len(veiledning.programmal.innhold.get("egenvurdering", [])) if veiledning.programmal else 0
    schools = []
    for entry in sorted(by_school.values(), key=lambda e: e["skole"].navn):
        base, follow = entry.get("baseline"), entry.get("oppfolging")
        schools.append(
            {
                "skole": entry["skole"],
                "baseline": base.poeng if base else None,
                "oppfolging": follow.poeng if follow else None,
                "endring": (follow.poeng - base.poeng) if base and follow else None,
            }
        )
    readable_ids = set(readable)
    readable = [s for s in schools if s["skole"].pk in readable_ids]
    paired = [s for s in schools if s["endring"] is not None]
    total = None
    if paired and (len(readable) == len(schools) or len(paired) >= MIN_SKOLER_AVERAGE):
        total = {
            "baseline": sum(s["baseline"] for s in paired),
            "oppfolging": sum(s["oppfolging"] for s in paired),
            "endring": sum(s["endring"] for s in paired),
            "skoler": len(paired),
        }
    return {"skoler": readable, "total": total, "maks": maks, "skjult": len(readable) < len(schools)}


def totals(veiledninger: QuerySet[Veiledning]) -> dict:
    """Counted as the seed counts them: kommuner, fylkeskommuner, schools invited and
    schools that attended the seminar. Counted in the database, over every page."""
    ids = veiledninger.order_by().values("pk")
    kommuner = Kommune.objects.filter(veiledninger__in=ids).aggregate(
        kommuner=Count("pk", filter=Q(type="kommune"), distinct=True),
        fylkeskommuner=Count("pk", filter=Q(type="fylkeskommune"), distinct=True),
    )
    attended = Deltaker.objects.filter(
        samling__veiledning__in=ids, samling__type=Samling.Type.SEMINAR, oppmott=True, skole__isnull=False
    )
    return {
        **kommuner,
        "skoler_invitert": Skole.objects.filter(veiledninger__in=ids).values("pk").distinct().count(),
        "skoler_deltok": attended.values("skole").distinct().count(),
    }


def dashboard_filter_choices(*, user: User) -> dict:
    """The fylker and veiledere to filter by, among the user's own Veiledninger. A
    facilitator runs one Kommune's programmes: no fylke to choose, and no list of the
    other veiledere's names."""
    if user.is_authenticated and user.is_fasilitator:
        return {"fylker": [], "veiledere": []}
    mine = veiledninger_for(user=user).order_by().values("pk")
    fylker = Kommune.objects.filter(veiledninger__in=mine).exclude(fylke="").values_list("fylke", flat=True)
    return {
        "fylker": sorted(set(fylker)),
        "veiledere": sorted(User.objects.filter(veiledninger__in=mine).distinct(), key=str),
    }


def current_agenda_index(veiledning: Veiledning, agenda: list[dict]) -> int | None:
    """The agenda item running now, on the seminar day (Europe/Oslo)."""
    seminar = next((s for s in veiledning.samlinger.all() if s.type == Samling.Type.SEMINAR), None)
    now = timezone.localtime()
    if seminar is None or timezone.localtime(seminar.start).date() != now.date():
        return None
    clock = now.strftime("%H:%M")
    for i, item in enumerate(agenda):
        if item["start"] <= clock < item["slutt"]:
            return i
    return None


def next_date(veiledning: Veiledning):
    now = timezone.now()
    upcoming = [s for s in veiledning.samlinger.all() if s.start >= now and not s.avlyst]
    return min(upcoming, key=lambda s: s.start) if upcoming else None


def brev_recipients(veiledning: Veiledning) -> tuple[list[str], list[str]]:
    """The Kommune's postmottak, with copies to skoleeier, HMS-seksjon, HTV and HVO."""
    to = [veiledning.kommune.postmottak] if veiledning.kommune.postmottak else []
    cc = sorted(
        {
            k.epost
            for k in veiledning.kommune.kontakter.filter(skole__isnull=True, rolle__in=KOMMUNE_MOTE_ROLLER)
            if k.epost not in to
        }
    )
    return to, cc


def sent_recipients(veiledning: Veiledning) -> tuple[list[str], list[str]]:
    """Whom the letter was sent to, as stored when it was sent: postmottak, then the copies."""
    mottakere = list(veiledning.brev_mottakere or [])
    return mottakere[:1], mottakere[1:]


def oppgaver_med_svar(*, veiledning: Veiledning, skoler: list, language: str) -> list[dict]:
    """The school group tasks with each school's answer per question."""
    answers = oppgavesvar_for(veiledning=veiledning, skoler=skoler)
    oppgaver = []
    for oppgave in veiledning.programmal.innhold["oppgaver"]:
        if oppgave.get("for") != "skole":
            continue
        questions = []
        for i, sporsmal in enumerate(oppgave["sporsmal"]):
            per_school = [(s, answers.get((s.pk, oppgave["key"], i))) for s in skoler]
            mitt = per_school[0][1] if len(skoler) == 1 else None
            questions.append({"index": i, "tekst": tekst(sporsmal, language), "svar": per_school, "mitt": mitt})
        oppgaver.append(
            {"key": oppgave["key"], "nummer": oppgave["nummer"], "tittel": tekst(oppgave["tittel"], language),
             "ingress": tekst(oppgave.get("ingress", ""), language), "sporsmal": questions,
             "regel": regelverk.paragraf_med_tidligere(oppgave["regel"]) if oppgave.get("regel") else "",
             "lenker": lenker(veiledning.programmal.innhold, language, oppgave=oppgave["key"])}
        )  # fmt: skip
    return oppgaver


def programmal_of(kommune: Kommune) -> Programmal | None:
    """The template a Kommune's work rests on: its latest programme's, else the one a new
    programme for it would start with (read only: nothing is created on a GET): its own
    copy, else Arbeidstilsynet's for its kind of school owner, never another Kommune's."""
    veiledning = kommune.veiledninger.exclude(programmal=None).select_related("programmal").order_by("-pk").first()
    if veiledning is not None:
        return veiledning.programmal
    own = programmal_own(kommune)
    if own is not None:
        return own
    active = Programmal.objects.filter(er_aktiv=True, eier_kommune__isnull=True).order_by("-versjon", "pk")
    return next((m for m in active if m.innhold.get("eier", Kommune.Type.KOMMUNE) == kommune.type), None)


def programmal_own(kommune: Kommune) -> Programmal | None:
    """The Kommune's own active copy of the template, if its facilitator has made one."""
    return Programmal.objects.filter(eier_kommune=kommune, er_aktiv=True).order_by("-versjon").first()


def programmal_may_adapt(*, user: User, kommune: Kommune) -> bool:
    """Who makes and adapts a Kommune's own copy: its facilitator, and admins."""
    if not user.is_authenticated:
        return False
    return user.is_admin or (user.is_fasilitator and user.fasilitator_for_id == kommune.pk)


def programmal_kommuner_for(*, user: User) -> QuerySet[Kommune]:
    """Whose own template the user may open: a facilitator their Kommune's, admins any."""
    if not user.is_authenticated:
        return Kommune.objects.none()
    if user.is_admin:
        return Kommune.objects.all()
    if user.is_fasilitator:
        return Kommune.objects.filter(orgnr=user.fasilitator_for_id)
    return Kommune.objects.none()


# The rules beside the risk tool and the plan (the seminar shows the whole chapter).
REGELVERK_TEMAER = ("risikovurdering", "tiltak", "informasjon", "opplaering", "oppfolging")


def regelverk_panel(kommune: Kommune) -> dict:
    """The "Regelverket" panel beside the risk tool and the plan: the paragraphs in force
    today, with the numbers they had before, and the main messages of the Kommune's
    programme (templates/includes/regelverk.html). Today's, whatever the document's date: an
    assessment or a plan is worked on and reviewed against the rules that apply now."""
    mal = programmal_of(kommune)
    return {
        "regelverk": regelverk.panel(REGELVERK_TEMAER),
        "regelverk_kilde": regelverk.kapittel_navn(),
        "hovedbudskap": hovedbudskap(mal.innhold, content_language()) if mal else [],
    }


def seminar_evaluering(veiledning: Veiledning):
    """The seminar's evaluation, if it has one (by the relation: veiledning does not import
    evaluering, which builds on it)."""
    seminar = veiledning.samlinger.filter(type=Samling.Type.SEMINAR).select_related("evaluering").first()
    return getattr(seminar, "evaluering", None) if seminar else None
