"""The leak test (DESIGN.md §9, issue 14): every free-text field of every school, Kommune
and evaluation carries a unique marker; every URL, report, export, calendar file and
e-mail is fetched or built as every persona; no marker may reach a persona that the
access table excludes.

The world: Kommune A shares its content with its veileder and has two schools (A1, A2);
Kommune B does not share and has one school (B1). One veileder runs both programmes,
another runs neither. Who may read each marker is written out here by hand from the
table, not asked of the code under test."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.models import User
from conftest import make_user
from core.models import Paminnelse
from core.reminders import BUILDERS
from demo.vestland import demo_orgnr
from evaluering.services import besvarelse_submit, evaluering_set_window
from handlingsplan.models import Kommentar as PlanKommentar
from handlingsplan.services import (
    handlingsplan_get_or_create,
    handlingsplan_save_svar,
    melding_create,
    statusforesporsel_create,
    statussvar_save,
    tiltak_create,
)
from innsikt.services import grunnlag_refresh
from kommuner.models import Kommune, Kontakt, Skole
from kommuner.services import kommune_set_deler_innhold, kommune_upsert, kontakt_create, kontakt_link_user, skole_upsert
from risikovurdering.services import kommentar_create, risikoforhold_create, risikovurdering_create
from tests.test_access import ADMIN_NAMESPACE, all_url_names
from veiledning.services import (
    deltakere_add_hms_grupper,
    egenvurdering_save,
    oppgavesvar_save,
    samling_schedule,
    veiledning_create,
)

VEIL, ADMIN, ANNEN = "veileder", "admin", "annen_veileder"
A_KOMMUNE = ("eierA", "hvoA", "bhtA")
A1_HMS, A2_HMS = ("rektorA1", "voA1"), ("rektorA2",)
B_ALL = ("eierB", "rektorB1")
PERSONAS = (VEIL, ADMIN, ANNEN, *A_KOMMUNE, *A1_HMS, *A2_HMS, *B_ALL)


class Markers:
    """marker -> (what it is, who may read it)"""

    def __init__(self):
        self.readers: dict[str, tuple[str, frozenset]] = {}

    def new(self, what: str, readers) -> str:
        marker = f"mrk{len(self.readers):03d}q"
        self.readers[marker] = (what, frozenset(readers))
        return marker

    def leaks(self, text: str, persona: str) -> list[str]:
        return [f"{m} ({what})" for m, (what, who) in self.readers.items() if m in text and persona not in who]


def _school_readers(hms, *, kommune_roles, shares):
    return {*kommune_roles, *hms, *((VEIL, ADMIN) if shares else ())}


class MarkerWorld:
    def __init__(self):
        self.m = Markers()
        self.users: dict[str, User] = {}
        self.users[VEIL] = make_user("veileder@example.com", is_veileder=True)
        self.users[ANNEN] = make_user("annen@example.com", is_veileder=True)
        self.users[ADMIN] = User.objects.create_superuser(email="admin@example.com", password="x-Passord-2026")
        self.kommune_a = self._kommune(1, "A")
        self.kommune_b = self._kommune(2, "B")
        self.a1 = self._skole(self.kommune_a, 1, "A1")
        self.a2 = self._skole(self.kommune_a, 2, "A2")
        self.b1 = self._skole(self.kommune_b, 3, "B1")
        self._member(self.kommune_a, None, "eierA", Kontakt.Rolle.KOMMUNALSJEF)
        self._member(self.kommune_a, None, "hvoA", Kontakt.Rolle.HVO)
        self._member(self.kommune_a, None, "bhtA", Kontakt.Rolle.BHT)
        self._member(self.kommune_a, self.a1, "rektorA1", Kontakt.Rolle.REKTOR)
        self._member(self.kommune_a, self.a1, "voA1", Kontakt.Rolle.VERNEOMBUD)
        self._member(self.kommune_a, self.a2, "rektorA2", Kontakt.Rolle.REKTOR)
        self._member(self.kommune_b, None, "eierB", Kontakt.Rolle.KOMMUNALSJEF)
        self._member(self.kommune_b, self.b1, "rektorB1", Kontakt.Rolle.REKTOR)
        kommune_set_deler_innhold(kommune=self.kommune_a, deler_innhold=True, by=self.users["eierA"])
        self.kommune_a.refresh_from_db()
        self.objects: dict[str, list] = {}
        self._programme(self.kommune_a, [self.a1, self.a2], hms={self.a1: A1_HMS, self.a2: A2_HMS}, kr=A_KOMMUNE)
        self._programme(self.kommune_b, [self.b1], hms={self.b1: ("rektorB1",)}, kr=("eierB",))
        self._content(self.kommune_a, {self.a1: A1_HMS, self.a2: A2_HMS}, kr=A_KOMMUNE, shares=True)
        self._content(self.kommune_b, {self.b1: ("rektorB1",)}, kr=("eierB",), shares=False)

    def _kommune(self, n: int, code: str) -> Kommune:
        kommune, _ = kommune_upsert(
            orgnr=demo_orgnr(9_100_000 + n),
            fields={"nummer": f"{4700 + n}", "navn": f"Markørkommune {code}", "type": "kommune",
                    "postmottak": f"post{code.lower()}@example.com"},
        )  # fmt: skip
        return kommune

    def _skole(self, kommune: Kommune, n: int, code: str) -> Skole:
        skole, _ = skole_upsert(
            orgnr=demo_orgnr(8_100_000 + n),
            fields={"navn": f"Markørskole {code}", "kommune": kommune, "skoletype": Skole.Skoletype.BARNESKOLE},
        )
        return skole

    def _member(self, kommune, skole, persona: str, rolle: str) -> None:
        user = make_user(f"{persona.lower()}@example.com")
        kontakt = kontakt_create(kommune=kommune, skole=skole, rolle=rolle, navn=persona, epost=user.email)
        kontakt_link_user(kontakt=kontakt, user=user)
        self.users[persona] = user

    def _programme(self, kommune, skoler, *, hms, kr) -> None:
        veileder = self.users[VEIL]
        veiledning = veiledning_create(kommune=kommune, veiledere=[veileder], skoler=skoler)
        start = timezone.now().replace(microsecond=0) + timedelta(days=8)
        everyone = {VEIL, ADMIN, *kr, *(p for s in skoler for p in hms[s])}
        seminar = samling_schedule(
            veiledning=veiledning, type="seminar", start=start, slutt=start + timedelta(hours=4), sted="Rådhuset",
            notater=self.m.new(f"seminar notes {kommune.navn}", everyone),
        )  # fmt: skip
        samling_schedule(
            veiledning=veiledning, type="oppstart", start=start - timedelta(days=4),
            slutt=start - timedelta(days=4, hours=-2), sted="Rådhuset",
            notater=self.m.new(f"oppstart notes {kommune.navn}", everyone),
        )  # fmt: skip
        deltakere_add_hms_grupper(samling=seminar)
        evaluering = evaluering_set_window(
            evaluering=seminar.evaluering, apner_at=timezone.now() - timedelta(hours=1),
            lukker_at=timezone.now() + timedelta(days=30), by=veileder,
        )  # fmt: skip
        fritekst = [q["key"] for q in evaluering.sporsmal if q["type"] == "fritekst"]
        likert = [q["key"] for q in evaluering.sporsmal if q["type"] == "likert"]
        for i in range(6):  # enough for aggregates, so the aggregate pages render in full
            answers = {k: 4 for k in likert} | {k: self.m.new(f"evaluation text {kommune.navn}", {VEIL, ADMIN})
                                                  for k in fritekst}  # fmt: skip
            besvarelse_submit(evaluering=evaluering, device_token=f"enhet-{kommune.pk}-{i}", answers=answers,
                              rolle="rektor" if i < 1 else "annet")  # fmt: skip
        oppgave = next(o for o in veiledning.programmal.innhold["oppgaver"] if o.get("for") == "skole")
        punkter = [p["key"] for p in veiledning.programmal.innhold["egenvurdering"]]
        for skole in skoler:
            by = self.users[hms[skole][0]]
            oppgavesvar_save(
                veiledning=veiledning, skole=skole, oppgave=oppgave["key"], sporsmal=0, versjon=0, by=by,
                tekst=self.m.new(f"group task {skole.navn}", {VEIL, ADMIN, *kr, *hms[skole]}),
            )  # fmt: skip
            shares = kommune.deler_innhold
            svar = {
                k: {"svar": "ja", "kommentar": self.m.new(f"egenvurdering {skole.navn}", _school_readers(
                    hms[skole], kommune_roles=kr, shares=shares))} for k in punkter[:1]
            }  # fmt: skip
            egenvurdering_save(veiledning=veiledning, skole=skole, fase="baseline", svar=svar, ferdig=False, by=by)
        self.objects.setdefault("veiledning", []).append(veiledning)
        self.objects.setdefault("seminar", []).append(seminar)
        self.objects.setdefault("evaluering", []).append(evaluering)

    def _content(self, kommune, hms: dict, *, kr, shares: bool) -> None:
        kommune_readers = _school_readers([p for ps in hms.values() for p in ps], kommune_roles=kr, shares=shares)
        eier = self.users[kr[0]]
        for skole, people in hms.items():
            readers = _school_readers(people, kommune_roles=kr, shares=shares)
            by = self.users[people[0]]
            vurdering = risikovurdering_create(niva="skole", skole=skole, by=by)
            rad = risikoforhold_create(vurdering=vurdering, by=by, fields={
                "hvor": "gang", "nar": "friminutt", "situasjon": self.m.new(f"risk row {skole.navn}", readers),
                "eksisterende_tiltak": self.m.new(f"existing measures {skole.navn}", readers),
            })  # fmt: skip
            plan = handlingsplan_get_or_create(kommune=kommune, skole=skole, by=by)
            handlingsplan_save_svar(plan=plan, svar={"0": self.m.new(f"plan answer {skole.navn}", readers)}, by=by)
            tiltak = tiltak_create(plan=plan, risikoforhold=[rad], by=by, fields={
                "beskrivelse": self.m.new(f"measure {skole.navn}", readers), "omrade": "tiltak",
                "ansvarlig_rolle": "rektor", "effekt": self.m.new(f"measure effect {skole.navn}", readers),
            })  # fmt: skip
            self.objects.setdefault("vurdering", []).append(vurdering)
            self.objects.setdefault("rad", []).append(rad)
            self.objects.setdefault("plan", []).append(plan)
            self.objects.setdefault("tiltak", []).append(tiltak)
        sektor = risikovurdering_create(niva="sektor", kommune=kommune, by=eier)
        rad = risikoforhold_create(vurdering=sektor, by=eier, fields={
            "hvor": "annet", "situasjon": self.m.new(f"sector row {kommune.navn}", kommune_readers)})  # fmt: skip
        party = self.users[kr[1]] if len(kr) > 1 else eier
        kommentar_create(vurdering=sektor, tekst=self.m.new(f"sector comment {kommune.navn}", kommune_readers),
                         rolle="HVO", by=party)  # fmt: skip
        plan = handlingsplan_get_or_create(kommune=kommune, by=eier)
        handlingsplan_save_svar(plan=plan, svar={"0": self.m.new(f"kommune plan {kommune.navn}", kommune_readers)},
                                by=eier)  # fmt: skip
        PlanKommentar.objects.create(plan=plan, av=party, rolle="HVO",
                                     tekst=self.m.new(f"plan comment {kommune.navn}", kommune_readers))  # fmt: skip
        melding_create(kommune=kommune, tekst=self.m.new(f"message to schools {kommune.navn}", kommune_readers),
                       skoler=list(hms), by=eier)  # fmt: skip
        foresporsel = statusforesporsel_create(
            kommune=kommune, sporsmal=self.m.new(f"status request {kommune.navn}", kommune_readers),
            skoler=list(hms), by=eier,
        )  # fmt: skip
        for skole, people in hms.items():
            statussvar_save(foresporsel=foresporsel, skole=skole, by=self.users[people[0]], tekst=self.m.new(
                f"status answer {skole.navn}", _school_readers(people, kommune_roles=kr, shares=shares)))  # fmt: skip
        self.objects.setdefault("statusforesporsel", []).append(foresporsel)
        self.objects["vurdering"].append(sektor)
        self.objects["rad"].append(rad)
        self.objects["plan"].append(plan)


def _pks(name):
    return lambda w: [{"pk": o.pk} for o in w.objects[name]]


def _kommuner(w):
    return [{"orgnr": k.orgnr} for k in (w.kommune_a, w.kommune_b)]


def _skoler(w):
    return [{"pk": s.pk} for s in (w.a1, w.a2, w.b1)]


def _per_school(w, **extra):
    return [{"pk": v.pk, "skole_pk": s.pk, **extra} for v in w.objects["veiledning"] for s in v.skoler.order_by("pk")]


NONE = lambda w: [{}]  # noqa: E731 (a table of small lambdas reads best)
POST_ONLY = None  # views that only take POST: they answer GET with 405 and show nothing

# Every URL pattern: the arguments to fetch it with, for every object of the world.
URLS = {
    "pages:home": NONE,
    "pages:language_set": POST_ONLY,
    "core:healthz": NONE,
    "pages:metrics": NONE,
    "innsikt:nasjonalt": NONE,
    "innsikt:eksport": NONE,
    "core:keepalive": NONE,
    "pages:accessibility": NONE,
    "pages:privacy": NONE,
    "pages:outbox": NONE,
    "pages:outbox_resend": POST_ONLY,
    "accounts:login": NONE,
    "accounts:logout": POST_ONLY,
    "accounts:oidc_start": lambda w: [{"key": "ukjent"}],
    "accounts:oidc_tilbake": lambda w: [{"key": "ukjent"}],
    "accounts:password_reset": NONE,
    "accounts:password_reset_done": NONE,
    "accounts:password_reset_confirm": lambda w: [{"uidb64": "MQ", "token": "x-y"}],
    "accounts:password_reset_complete": NONE,
    "accounts:invitation": lambda w: [{"token": "ukjent"}],
    "accounts:to_faktor": NONE,
    "accounts:to_faktor_oppsett": NONE,
    "kommuner:kommune_list": NONE,
    "pages:kommune": _kommuner,
    "kommuner:kontakt_create": _kommuner,
    "pages:skole": _skoler,
    "kommuner:deler_innhold": POST_ONLY,
    "kommuner:kontakt_invite": POST_ONLY,
    "veiledning:dashboard": NONE,
    "veiledning:programmal": _kommuner,
    "veiledning:programmal_kopier": POST_ONLY,
    "veiledning:create": _kommuner,
    "veiledning:detail": _pks("veiledning"),
    "pages:sluttrapport": _pks("veiledning"),
    "pages:sluttrapport_pdf": _pks("veiledning"),
    "veiledning:skoler": _pks("veiledning"),
    "veiledning:brev": _pks("veiledning"),
    "veiledning:brev_pdf": _pks("veiledning"),
    "veiledning:seminar": _pks("veiledning"),
    "veiledning:seminar_svar": _pks("veiledning"),
    "veiledning:samling_edit": lambda w: [
        {"pk": v.pk, "type": t} for v in w.objects["veiledning"] for t in ("oppstart", "seminar")
    ],
    "veiledning:steg": POST_ONLY,
    "veiledning:delete": POST_ONLY,
    "veiledning:brev_send": POST_ONLY,
    "veiledning:brev_resend": POST_ONLY,
    "veiledning:samling_avlys": POST_ONLY,
    "veiledning:samling_ics": lambda w: [{"pk": s.pk} for v in w.objects["veiledning"] for s in v.samlinger.all()],
    "veiledning:deltakere": lambda w: [{"pk": s.pk} for v in w.objects["veiledning"] for s in v.samlinger.all()],
    "veiledning:oppmott": POST_ONLY,
    "veiledning:deltaker_remove": POST_ONLY,
    "veiledning:oppgaver": _per_school,
    "veiledning:oppgaver_autosave": POST_ONLY,
    "veiledning:egenvurdering": lambda w: _per_school(w, fase="baseline"),
    "risikovurdering:skole_list": _skoler,
    "risikovurdering:sektor_list": _kommuner,
    "risikovurdering:oversikt": _kommuner,
    "risikovurdering:oversikt_rapport": _kommuner,
    "risikovurdering:detail": _pks("vurdering"),
    "risikovurdering:kommentar": POST_ONLY,
    "risikovurdering:ferdig": POST_ONLY,
    "risikovurdering:ny_versjon": POST_ONLY,
    "risikovurdering:rad_new": _pks("vurdering"),
    "risikovurdering:rapport": _pks("vurdering"),
    "risikovurdering:eksport": lambda w: [
        {"pk": v.pk, "fmt": f} for v in w.objects["vurdering"] for f in ("csv", "xlsx")
    ],
    "risikovurdering:rad": _pks("rad"),
    "risikovurdering:rad_autosave": POST_ONLY,
    "risikovurdering:rad_delete": POST_ONLY,
    "handlingsplan:skole_plan": _skoler,
    "handlingsplan:kommune_plan": _kommuner,
    "handlingsplan:oversikt": _kommuner,
    "handlingsplan:kommune_xlsx": _kommuner,
    "handlingsplan:detail": _pks("plan"),
    "handlingsplan:pdf": _pks("plan"),
    "handlingsplan:xlsx": _pks("plan"),
    "handlingsplan:tiltak_new": _pks("plan"),
    "handlingsplan:tiltak_edit": _pks("tiltak"),
    "handlingsplan:tiltak_status": POST_ONLY,
    "handlingsplan:medvirkning": POST_ONLY,
    "handlingsplan:statusforesporsler": _kommuner,
    "handlingsplan:statussvar": lambda w: [
        {"pk": f.pk, "skole_pk": s.pk} for f in w.objects["statusforesporsel"] for s in f.skoler.all()
    ],
    "evaluering:svar": lambda w: [{"token": e.token} for e in w.objects["evaluering"]],
    "evaluering:takk": lambda w: [{"token": e.token} for e in w.objects["evaluering"]],
    "evaluering:trend": NONE,
    "evaluering:detail": _pks("evaluering"),
    "evaluering:qr": _pks("evaluering"),
    "evaluering:resultater": _pks("evaluering"),
    "evaluering:rapport": _pks("evaluering"),
    "evaluering:eksport": _pks("evaluering"),
    "evaluering:besvarelser": _pks("evaluering"),
}
# Report pages: GET shows the state; POST asks for the PDF; GET ?last_ned=1 serves it.
REPORTS = {
    "risikovurdering:rapport",
    "risikovurdering:oversikt_rapport",
    "handlingsplan:pdf",
    "evaluering:rapport",
    "veiledning:brev_pdf",
    "pages:sluttrapport_pdf",
}


# Issue 19: chapter 23A of forskrift om utførelse av arbeid ended on 31 December 2025. The
# sweep reads every page, PDF and e-mail anyway, so it also checks that none cites a § 23A
# number but as "tidligere" beside the paragraph in force (PDF text may break the line).
OLD_LAW = re.compile(r"(?<!tidligere )(?<!tidlegare )(?<!formerly )(?<!previously )§ ?23 ?A", re.IGNORECASE)


def old_law_in_force(text: str) -> list[str]:
    return OLD_LAW.findall(re.sub(r"\s+", " ", text))


def text_of(response) -> str:
    """What a person could read in the response: HTML or text as is, PDFs and XLSX opened."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return body.decode("utf-8", "replace")  # HTML, JSON, CSV, .ics, SVG


def test_every_url_pattern_has_a_marker_entry():
    missing = [n for n in all_url_names() if n not in URLS and not n.startswith(ADMIN_NAMESPACE + ":")]
    assert missing == [], f"Add these URL patterns to URLS in tests/test_markers.py: {missing}"


@pytest.fixture
def marker_world(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world = MarkerWorld()
        grunnlag_refresh()  # the national picture counts this world too (and shows no text of it)
    return world


def _fetch_all(client, world, persona: str, capture) -> list[str]:
    leaks = []
    for name, kwargs_for in sorted(URLS.items()):
        if kwargs_for is None:
            continue
        for kwargs in kwargs_for(world):
            url = reverse(name, kwargs=kwargs or None)
            responses = [client.get(url)]
            if name in REPORTS and responses[0].status_code == 200:
                with capture(execute=True):
                    client.post(url)
                responses.append(client.get(url, {"last_ned": "1"}))
            for response in responses:
                assert response.status_code < 500, (url, persona)
                if response.status_code == 200:
                    text = text_of(response)
                    leaks += [f"{url}: {leak}" for leak in world.m.leaks(text, persona)]
                    leaks += [f"{url}: cites a repealed rule as in force" for _ in old_law_in_force(text)]
    return leaks


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_marker_reaches_a_persona_the_table_excludes(
    client, marker_world, persona, django_capture_on_commit_callbacks
):
    client.force_login(marker_world.users[persona])
    leaks = _fetch_all(client, marker_world, persona, django_capture_on_commit_callbacks)
    assert leaks == [], "\n".join(leaks)


def test_the_marker_sweep_sees_what_each_persona_may_read(client, marker_world, django_capture_on_commit_callbacks):
    """The sweep proves something only if the markers are found where they belong: the
    rektor of A1 reads its own row, the veileder reads the sharing Kommune's."""
    seen = {}
    for persona in ("rektorA1", VEIL):
        client.force_login(marker_world.users[persona])
        seen[persona] = "".join(
            text_of(client.get(reverse("risikovurdering:detail", kwargs={"pk": v.pk})))
            for v in marker_world.objects["vurdering"]
        )
    readable = {p: [m for m, (_w, who) in marker_world.m.readers.items() if p in who and m in seen[p]]
                for p in seen}  # fmt: skip
    assert len(readable["rektorA1"]) >= 3 and len(readable[VEIL]) >= 3


def _persona_of(world, address: str) -> str | None:
    for persona, user in world.users.items():
        if user.email == address:
            return persona
    return None


def test_no_marker_in_an_email_to_someone_who_may_not_read_it(marker_world):
    """Every reminder the world has scheduled, built as it would be sent, and every e-mail
    already sent (the sharing notice): each recipient reads only what they may."""
    messages = list(mail.outbox)
    for row in Paminnelse.objects.all():
        with translation.override(row.language):
            message = BUILDERS[row.kind](row)
        if message is not None:
            messages.append(message)
    assert messages
    leaks = []
    for message in messages:
        parts = [message.subject, message.body] + [
            a[1].decode() if isinstance(a[1], bytes) else str(a[1]) for a in message.attachments if len(a) > 1
        ]
        text = "\n".join(parts)
        for address in message.to + message.cc + message.bcc:
            persona = _persona_of(marker_world, address) or "utenfor"
            leaks += [f"{address}: {leak}" for leak in marker_world.m.leaks(text, persona)]
        leaks += [f"{message.subject}: cites a repealed rule as in force" for _ in old_law_in_force(text)]
    assert leaks == [], "\n".join(leaks)


def test_a_leak_is_caught(marker_world):
    """The oracle itself: B's risk row shown to the veileder counts as a leak."""
    b_row = next(m for m, (what, _who) in marker_world.m.readers.items() if what == "risk row Markørskole B1")
    assert marker_world.m.leaks(f"<p>{b_row}</p>", VEIL)
    assert not marker_world.m.leaks(f"<p>{b_row}</p>", "rektorB1")
    assert re.fullmatch(r"mrk\d{3}q", b_row)


def test_the_admin_site_shows_an_administrator_only_what_they_may_read(client, marker_world):
    """The admin site is a second way in: every list and every object's page, as the admin."""
    from django.contrib import admin

    client.force_login(marker_world.users[ADMIN])
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls += [
            reverse("admin:{}_{}_change".format(*info), args=[pk]) for pk in model.objects.values_list("pk", flat=True)
        ]
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        if response.status_code == 200:
            leaks += [f"{url}: {leak}" for leak in marker_world.m.leaks(text_of(response), ADMIN)]
    assert leaks == [], "\n".join(leaks)
