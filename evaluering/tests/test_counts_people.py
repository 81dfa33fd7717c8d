"""Issue 18: an evaluation that counts people, not posts. Opening times in the right
tense, no empty answers, the device cookie set with the form, the rate against those who
came, bursts flagged and voided, the kommune's målform, and free text through the
privacy guard."""

import csv
import io
import re
from datetime import timedelta

import pypdf
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from evaluering import services
from evaluering.models import Besvarelse
from evaluering.reports import summary_pdf
from evaluering.selectors import FULL
from kommuner.models import Kommune
from kommuner.services import kommune_upsert
from veiledning.services import deltaker_set_oppmott

PUPIL = "Eleven Ola Nordmann slo meg i går"


def _window(evaluering, opens, closes):
    return services.evaluering_set_window(evaluering=evaluering, apner_at=opens, lukker_at=closes, by=None)


def _open(evaluering):
    now = timezone.now()
    return _window(evaluering, now - timedelta(minutes=5), now + timedelta(days=1))


def _url(evaluering) -> str:
    return reverse("evaluering:svar", args=[evaluering.token])


def _phone(evaluering) -> Client:
    """A phone that has opened the form (and so holds its device cookie)."""
    phone = Client()
    assert phone.get(_url(evaluering)).status_code == 200
    return phone


# Opening times ------------------------------------------------------------------------


def test_before_it_opens_the_link_says_when_it_opens(client, world):
    now = timezone.now()
    opens = (now + timedelta(hours=3)).replace(second=0, microsecond=0)
    evaluering = _window(world.own.seminar.evaluering, opens, opens + timedelta(days=1))
    response = client.get(_url(evaluering))
    body = response.content.decode()
    assert response.status_code == 200
    local = timezone.localtime(opens)
    assert "Evalueringen åpner" in body and f"{local:%H:%M}" in body and f"{local.year}" in body
    assert "var åpen" not in body and "stengt" not in body.lower()
    nn = client.get(_url(evaluering), HTTP_COOKIE="sprak=nn")
    assert nn.status_code == 200 and 'lang="nn"' in nn.content.decode()
    client.force_login(world.veileder)  # the veileder's page says the same
    detail = client.get(reverse("evaluering:detail", args=[evaluering.pk])).content.decode()
    assert "Evalueringen åpner" in detail
    client.logout()
    # a post before the opening stores nothing and says the same
    response = client.post(_url(evaluering), {"kunnskap": "4"})
    assert "Evalueringen åpner" in response.content.decode() and not evaluering.besvarelser.exists()


def test_after_it_closes_the_link_says_closed(client, world):
    now = timezone.now()
    evaluering = _window(world.own.seminar.evaluering, now - timedelta(days=2), now - timedelta(hours=1))
    response = client.get(_url(evaluering))
    body = response.content.decode()
    assert response.status_code == 410 and "Evalueringen er stengt" in body and "var åpen fra" in body
    assert "åpner" not in body


# Empty answers --------------------------------------------------------------------------


def test_an_empty_answer_is_refused_with_a_message_and_the_input_kept(world):
    evaluering = _open(world.own.seminar.evaluering)
    phone = _phone(evaluering)
    response = phone.post(_url(evaluering), {"rolle": "verneombud"})
    body = response.content.decode()
    assert response.status_code == 400 and "Svaret er tomt" in body
    assert re.search(r'value="verneombud"[^>]*checked', body)  # the role chosen is kept
    assert not evaluering.besvarelser.exists()
    response = phone.post(_url(evaluering), {})
    assert response.status_code == 400 and not evaluering.besvarelser.exists()


def test_the_service_refuses_an_empty_answer(world):
    evaluering = _open(world.own.seminar.evaluering)
    try:
        services.besvarelse_submit(evaluering=evaluering, device_token="a", answers={}, rolle="rektor")
    except services.ValidationError as error:
        assert "tomt" in str(error)
    else:
        raise AssertionError("an empty answer was stored")
    assert not evaluering.besvarelser.exists()


def test_the_rate_is_against_those_who_came_with_registered_beside_it(client, world):
    evaluering = _open(world.own.seminar.evaluering)
    deltakere = list(world.own.seminar.deltakere.all())
    assert len(deltakere) >= 2
    deltaker_set_oppmott(deltaker=deltakere[0], oppmott=True, by=world.veileder)
    for n in range(2):
        services.besvarelse_submit(evaluering=evaluering, device_token=f"d{n}", answers={"kunnskap": 4}, rolle="")
    client.force_login(world.veileder)
    body = client.get(reverse("evaluering:resultater", args=[evaluering.pk])).content.decode()
    text = re.sub(r"\s+", " ", body)
    assert "2 svar fra 1 som møtte (200 %)" in text
    assert f"{len(deltakere)} var påmeldt" in text


# The device cookie ------------------------------------------------------------------------


def test_posts_without_the_forms_cookie_are_refused_and_do_not_eat_the_budget(world, monkeypatch):
    evaluering = _open(world.own.seminar.evaluering)
    monkeypatch.setattr(services, "RATE_LIMIT", 5)
    script = Client()
    for n in range(20):
        script.cookies.clear()
        response = script.post(_url(evaluering), {"kunnskap": str(n % 5 + 1)})
        assert response.status_code == 403
    forged = Client()
    forged.cookies["vts_svar"] = "made-up-value"
    assert forged.post(_url(evaluering), {"kunnskap": "3"}).status_code == 403
    assert evaluering.besvarelser.count() == 0
    phone = _phone(evaluering)
    response = phone.post(_url(evaluering), {"kunnskap": "4"})
    assert response.status_code == 302 and evaluering.besvarelser.count() == 1


def test_a_refused_post_keeps_the_input_and_a_second_send_works(world):
    evaluering = _open(world.own.seminar.evaluering)
    phone = Client()
    response = phone.post(_url(evaluering), {"kunnskap": "4", "kommentar": "Nyttig dag"})
    body = response.content.decode()
    assert response.status_code == 403 and "Nyttig dag" in body and "Send svaret på nytt" in body
    assert phone.post(_url(evaluering), {"kunnskap": "4", "kommentar": "Nyttig dag"}).status_code == 302
    assert evaluering.besvarelser.count() == 1


def test_the_cookie_is_bound_to_its_evaluation(world):
    own = _open(world.own.seminar.evaluering)
    other = _open(world.foreign.seminar.evaluering)
    phone = _phone(own)
    assert phone.post(_url(other), {"kunnskap": "4"}).status_code == 403  # own's cookie, other's form
    assert other.besvarelser.count() == 0


def test_one_answer_per_device_a_second_visit_edits_it(world):
    evaluering = _open(world.own.seminar.evaluering)
    phone = _phone(evaluering)
    phone.post(_url(evaluering), {"kunnskap": "2"})
    body = phone.get(_url(evaluering)).content.decode()
    assert "Du har svart før fra denne enheten" in body
    phone.post(_url(evaluering), {"kunnskap": "5"})
    assert evaluering.besvarelser.count() == 1
    assert evaluering.besvarelser.get().svar.get(sporsmal="kunnskap").verdi == 5


def test_a_burst_is_flagged_and_the_veileder_voids_it_on_record(client, world):
    evaluering = _open(world.own.seminar.evaluering)
    services.besvarelse_submit(evaluering=evaluering, device_token="real", answers={"kunnskap": 5}, rolle="rektor")
    for n in range(40):
        services.besvarelse_submit(evaluering=evaluering, device_token=f"bot{n}", answers={"kunnskap": 1}, rolle="")
    client.force_login(world.veileder)
    results = reverse("evaluering:resultater", args=[evaluering.pk])
    body = client.get(results).content.decode()
    assert "Uvanlig mange svar" in body
    listing = reverse("evaluering:besvarelser", args=[evaluering.pk])
    page = client.get(listing).content.decode()
    minute = re.search(r'name="minutt" value="([^"]+)"', page).group(1)
    response = client.post(listing, {"handling": "forkast_minutt", "minutt": minute})
    assert response.status_code == 302
    assert evaluering.besvarelser.filter(status=Besvarelse.Status.GYLDIG).count() == 0  # the minute held them all
    assert AuditEntry.objects.filter(actor=world.veileder, changes__status__1="forkastet").count() == 41
    real = Besvarelse.objects.get(enhet=services.device_hash("real"))
    client.post(listing, {"handling": "gjenopprett", "besvarelse": real.pk})
    body = re.sub(r"\s+", " ", client.get(results).content.decode())
    assert "1 svar" in body and "Uvanlig mange svar" not in body


def test_the_veileder_keeps_an_answer_out_of_reports(client, world):
    evaluering = _open(world.own.seminar.evaluering)
    keep = services.besvarelse_submit(
        evaluering=evaluering, device_token="a", answers={"kommentar": "Hemmelig detalj"}, rolle="rektor"
    )
    services.besvarelse_submit(evaluering=evaluering, device_token="b", answers={"kommentar": "Bra dag"}, rolle="")
    client.force_login(world.veileder)
    listing = reverse("evaluering:besvarelser", args=[evaluering.pk])
    assert client.post(listing, {"handling": "utelat", "besvarelse": keep.pk}).status_code == 302
    assert AuditEntry.objects.filter(actor=world.veileder, changes__status__1="utelatt").exists()
    body = client.get(reverse("evaluering:resultater", args=[evaluering.pk])).content.decode()
    assert "Bra dag" in body and "Hemmelig detalj" not in body
    csv_text = client.get(reverse("evaluering:eksport", args=[evaluering.pk])).content.decode("utf-8-sig")
    assert "Bra dag" in csv_text and "Hemmelig detalj" not in csv_text
    hms = Client()
    hms.force_login(world.own.users["hms"])
    assert hms.post(listing, {"handling": "gjenopprett", "besvarelse": keep.pk}).status_code in (403, 404)


# Målform ------------------------------------------------------------------------------------


def test_the_form_opens_in_the_kommunes_malform_with_a_language_switch(world):
    kommune_upsert(orgnr=world.own.kommune.orgnr, fields={"malform": Kommune.Malform.NYNORSK})
    kommune_upsert(orgnr=world.foreign.kommune.orgnr, fields={"malform": Kommune.Malform.BOKMAL})
    evaluering = _open(world.own.seminar.evaluering)
    response = Client().get(_url(evaluering))
    body = response.content.decode()
    assert "Kva syntest du om dagen?" in body and 'lang="nn"' in body and response["Content-Language"] == "nn"
    assert 'name="language" value="nb"' in body  # the switch
    chosen = Client()
    chosen.cookies["sprak"] = "nb"
    assert "Hva syntes du om dagen?" in chosen.get(_url(evaluering)).content.decode()
    other = _open(world.foreign.seminar.evaluering)  # a bokmål kommune
    assert "Hva syntes du om dagen?" in Client().get(_url(other)).content.decode()


# Free text and privacy --------------------------------------------------------------------------


def test_text_naming_someone_asks_for_a_confirmation_and_keeps_the_input(world):
    evaluering = _open(world.own.seminar.evaluering)
    phone = _phone(evaluering)
    response = phone.post(_url(evaluering), {"kunnskap": "4", "kommentar": PUPIL})
    body = response.content.decode()
    assert response.status_code == 400 and "kan identifisere noen" in body
    assert PUPIL in body and 'name="bekreft"' in body
    assert not evaluering.besvarelser.exists()
    # rephrased: stored without a question
    assert phone.post(_url(evaluering), {"kunnskap": "4", "kommentar": "En elev slo meg"}).status_code == 302
    svar = evaluering.besvarelser.get().svar.get(sporsmal="kommentar")
    assert svar.tekst == "En elev slo meg"


def test_confirmed_text_is_stored_as_confirmed(world):
    evaluering = _open(world.own.seminar.evaluering)
    phone = _phone(evaluering)
    response = phone.post(_url(evaluering), {"kunnskap": "4", "kommentar": "Ola Nordmann-saken", "bekreft": "on"})
    assert response.status_code == 302
    assert evaluering.besvarelser.get().svar.get(sporsmal="kommentar").bekreftet


def test_flagged_unconfirmed_text_never_reaches_results_pdf_or_csv(client, world):
    evaluering = _open(world.own.seminar.evaluering)
    # as stored before the guard (or by a script): the text is there, unconfirmed
    besvarelse = services.besvarelse_submit(
        evaluering=evaluering, device_token="old", answers={"kunnskap": 3, "kommentar": "Bra dag"}, rolle="rektor"
    )
    besvarelse.svar.filter(sporsmal="kommentar").update(tekst=PUPIL)
    client.force_login(world.veileder)
    body = client.get(reverse("evaluering:resultater", args=[evaluering.pk])).content.decode()
    assert "Ola Nordmann" not in body and "holdt tilbake" in body
    data = client.get(reverse("evaluering:eksport", args=[evaluering.pk])).content.decode("utf-8-sig")
    assert "Ola Nordmann" not in data
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert len(rows) == 2
    pdf = summary_pdf(str(evaluering.pk), "nb", FULL)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Nordmann" not in text and "holdt tilbake" in text
