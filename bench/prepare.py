"""What the load run needs from the scale data: logged-in sessions, the key pages' URLs,
two open evaluations (one for the load run, a fresh one for the burst) and three risk
assessments sized for the PDF figures. Run inside Django (bench/run.py calls it)."""

import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from core import versions
from demo.scale import FIRST_NUMMER
from evaluering.models import Evaluering
from evaluering.services import evaluering_set_window
from handlingsplan.models import Handlingsplan
from innsikt.services import SCOPE, grunnlag_refresh
from kommuner.models import Kommune
from risikovurdering import services as risk_services
from risikovurdering.models import Risikovurdering

# Rows per PDF-sized assessment, chosen to give about 2, 10 and 50 pages.
PDF_ROWS = {"2": 4, "10": 40, "50": 210}


def session_cookie(email: str) -> str:
    """A logged-in session as the login view leaves it (second factor confirmed)."""
    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.sees_all:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="benk", defaults={"confirmed": True})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.LANGUAGE_COOKIE_NAME}=nb"


def device_cookies(evaluering: Evaluering, phones: int) -> list[str]:
    """The evaluation's device cookie for each of `phones` phones, signed as the form signs
    it (evaluering.views._give_device): an unsigned or foreign cookie is refused (403)."""
    from django.core import signing

    from evaluering.views import DEVICE_COOKIE, _device_salt

    signer = signing.get_cookie_signer(salt=DEVICE_COOKIE + _device_salt(evaluering))
    return [f"{DEVICE_COOKIE}={signer.sign(f'benk-{i}')}" for i in range(phones)]


def _open_evaluering(index: int) -> Evaluering:
    """The index-th seminar's evaluation, open from now for a week."""
    evaluering = Evaluering.objects.order_by("pk")[index]
    now = timezone.now()
    return evaluering_set_window(
        evaluering=evaluering, apner_at=now - timedelta(minutes=5), lukker_at=now + timedelta(days=7), by=None
    )


def _pdf_assessment(skole, pages: str, rows: int) -> Risikovurdering:
    enhet = f"PDF-benk {pages} sider"
    found = Risikovurdering.objects.filter(skole=skole, enhet=enhet, status="ferdig").first()
    if found:
        return found
    vurdering = risk_services.risikovurdering_create(niva="trinn", skole=skole, enhet=enhet, by=None, source="bench")
    for i in range(rows):
        risk_services.risikoforhold_create(
            vurdering=vurdering, by=None,
            fields={"hvor": "gang", "nar": "overganger", "hendelse": "slag", "utsatte": ["laerer", "assistent"],
                    "faktorer": ["bemanning", "kompetanse"], "sannsynlighet": i % 4, "alvorlighet": i % 3,
                    "situasjon": f"Situasjon {i + 1}: trengsel og uro i overgangene når mange elever møtes. " * 3,
                    "eksisterende_tiltak": "Voksne i gangene, rutine for å tilkalle hjelp og melde avvik. " * 2},
        )  # fmt: skip
    return risk_services.risikovurdering_set_ferdig(vurdering=vurdering, by=None)


def innsikt_figures() -> dict:
    """The national picture (issue 21): one rebuild of its summary tables, and its body
    rendered anew (a new generation each time, so nothing kept is served) in this process."""
    stamp = grunnlag_refresh()
    client = Client(HTTP_COOKIE=session_cookie("veileder@skala.example.com"))  # second factor confirmed
    cold = {}
    for name, query in (("alle", ""), ("filtrert", "?fylke=Vestland&skoletype=barneskole")):
        timings = []
        for _ in range(5):
            versions.bump(SCOPE)
            began = time.perf_counter()
            assert client.get(f"/nasjonalt/{query}", HTTP_HOST="127.0.0.1").status_code == 200
            timings.append(time.perf_counter() - began)
        cold[name] = 1000 * statistics.median(timings)
    return {"refresh_s": stamp.sekunder, "schools": stamp.skoler, "cold_ms": cold}


def prepare(logins: dict[str, str]) -> dict:
    storby = Kommune.objects.get(nummer=str(FIRST_NUMMER))
    skole = storby.skoler.order_by("orgnr").first()
    vurdering = Risikovurdering.objects.filter(skole=skole, niva="skole").order_by("pk").first()
    plan = Handlingsplan.objects.get(skole=skole)
    load_eval, burst_eval = _open_evaluering(0), _open_evaluering(1)
    # At another school of the city than the rektor's, so the action plan page measured
    # above keeps its own assessment as the latest.
    pdf_skole = storby.skoler.order_by("-orgnr").first()
    pdf = {pages: _pdf_assessment(pdf_skole, pages, rows).pk for pages, rows in PDF_ROWS.items()}
    return {
        "cookies": {persona: session_cookie(email) for persona, email in logins.items()},
        "pages": {
            "bare": ("", "/bench/bare/"),
            # The cheapest logged-in page (a static text): what session, login and the page
            # frame cost before a page does any work of its own.
            "floor_logged_in": ("rektor", "/tilgjengelighet/"),
            "dashboard": ("veileder", "/veiledninger/"),
            "oversikt": ("skoleeier", f"/kommuner/{storby.orgnr}/oversikt/"),
            "risikovurdering": ("rektor", f"/risikovurderinger/{vurdering.pk}/"),
            "handlingsplan": ("rektor", f"/handlingsplaner/{plan.pk}/"),
            "evaluering_get": ("", f"/e/{load_eval.token}/"),
            "nasjonalt": ("veileder", "/nasjonalt/"),
            "nasjonalt_filter": ("veileder", "/nasjonalt/?fylke=Vestland&skoletype=barneskole"),
        },
        "evaluering_post": f"/e/{load_eval.token}/",
        "evaluering_devices": device_cookies(load_eval, 400),
        "likert": [q["key"] for q in load_eval.sporsmal if q["type"] == "likert"],
        "burst": f"/e/{burst_eval.token}/",
        "pdf": pdf,
        "pdf_user": "skoleeier",
        "innsikt": innsikt_figures(),
    }
