"""Veileder journey through the workflow: create a Veiledning, choose schools, preview
and send the letter, schedule oppstart and seminar, see the follow-up six months on,
register participants, run the seminar view while a school's HMS-gruppe, in a second
browser, types its answers."""

import io
import re
import time
from datetime import timedelta

import pypdf
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_tenant
from kommuner.models import Kommune
from tests.browser.conftest import assert_accessible, login


def _wait_for(found, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while not found() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)  # and nothing more arrives after it
    return found()


# målform: (words the letter must have, words it must not)
LETTER_WORDS = {
    Kommune.Malform.BOKMAL: (["Invitasjon til veiledning", "skolen"], ["rettleiing"]),
    Kommune.Malform.NYNORSK: (["Invitasjon til rettleiing", "skulen"], ["veiledning om"]),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("malform", [Kommune.Malform.BOKMAL, Kommune.Malform.NYNORSK])
def test_veileder_runs_the_programme_and_sees_answers_arrive(page, browser, live_server, world, malform):
    tenant = make_tenant(3, veileder=None, malform=malform, kontakter_mote=True)
    kommune, skole = tenant.kommune, tenant.skole

    login(page, world.veileder.email)
    page.goto(kommune.get_absolute_url())
    page.get_by_role("link", name="Start en veiledning").click()
    assert_accessible(page, "new veiledning")
    page.get_by_label(skole.navn).check()
    page.get_by_role("button", name="Opprett veiledning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(kommune.navn)
    assert_accessible(page, "veiledning page")

    # A step that is not allowed is refused with a clear message.
    page.get_by_label("Nytt steg").select_option("seminar")
    page.get_by_role("button", name="Endre steg").click()
    expect(page.get_by_text("hopper over rekkefølgen")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Planlagt")

    page.get_by_role("link", name="Se og send brevet").click()
    page.get_by_label("Vår referanse").fill("2026/12345")
    page.get_by_role("button", name="Oppdater brevet").click()
    expect(page.locator(".letter-preview")).to_contain_text("2026/12345")
    assert_accessible(page, "letter preview")
    page.get_by_role("button", name="Send brevet").dblclick()  # a double click sends once
    expect(page.get_by_text("Brevet er sendt.")).to_be_visible()
    # The second click's page can arrive while the first request still renders the PDF.
    letters = _wait_for(lambda: [m for m in mail.outbox if m.to == [kommune.postmottak]])
    assert len(letters) == 1 and "hmsr3@example.com" in letters[0].cc
    pdf = letters[0].attachments[0][1]
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    present, absent = LETTER_WORDS[malform]
    assert all(w in text for w in present) and not any(w in text for w in absent), text[:400]

    # Whichever click's page arrived last, go on from the Veiledning page.
    page.goto(f"/veiledninger/{kommune.veiledninger.get().pk}/")
    day = timezone.localdate() + timedelta(days=20)
    page.get_by_role("link", name="Sett dato – oppstartsmøte").click()
    assert_accessible(page, "samling form")
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Fra klokken").fill("12:00")
    page.get_by_label("Til klokken").fill("11:00")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator(".ds-validation-message")).to_contain_text("Slutt må være etter start.")
    expect(page.get_by_label("Dato")).to_have_value(day.isoformat())  # nothing typed is lost
    page.get_by_label("Til klokken").fill("13:30")
    page.get_by_label("Sted").fill("Rådhuset")
    page.get_by_role("button", name="Lagre").click()

    seminar_day = timezone.localdate() + timedelta(days=40)
    page.get_by_role("link", name="Sett dato – veiledningsseminar").click()
    page.get_by_label("Dato").fill(seminar_day.isoformat())
    page.get_by_label("Fra klokken").fill("09:00")
    page.get_by_label("Til klokken").fill("13:00")
    page.get_by_role("button", name="Lagre").click()
    follow_up = page.locator("li", has=page.get_by_role("heading", name="Oppfølging etter 6 måneder"))
    month = (seminar_day.month + 5) % 12 + 1
    expect(follow_up).to_contain_text(
        re.compile(rf"\. \w+ {seminar_day.year + (1 if month < seminar_day.month else 0)}")
    )
    assert_accessible(page, "veiledning with dates")

    page.locator("li", has=page.get_by_role("heading", name="Veiledningsseminar")).get_by_role(
        "link", name=re.compile("Deltakere")
    ).click()
    page.get_by_role("button", name="Legg til HMS-gruppene").click()
    expect(page.get_by_role("cell", name="hms3", exact=True)).to_be_visible()
    assert_accessible(page, "participants")
    page.get_by_role("link", name=kommune.navn).click()

    page.get_by_role("link", name="Åpne seminarvisningen").click()
    expect(page.get_by_role("heading", name="Plan for dagen")).to_be_visible()
    assert_accessible(page, "seminar view")

    # The school's HMS-gruppe, on its own device.
    school_context = browser.new_context(base_url=live_server.url)
    school = school_context.new_page()
    login(school, tenant.users["hms"].email)
    school.get_by_role("link", name="Gruppeoppgavene på seminaret").click()
    assert_accessible(school, "group tasks")
    first_question = school.locator("textarea").first
    first_question.fill("Vi bruker avviksmeldinger og samtaler.")
    expect(school.locator("#status__oppgave1__0")).to_contain_text("Lagret kl.")  # saved as typed
    school.get_by_role("link", name="Vår skole").click()
    school.get_by_role("link", name="Egenvurdering ved oppstart").click()
    school.get_by_label("delvis", exact=True).first.check()
    school.get_by_role("button", name="Lagre").click()
    expect(school.get_by_text("Egenvurderingen er lagret.")).to_be_visible()
    assert_accessible(school, "egenvurdering")
    school_context.close()

    # The veileder's view shows it without a reload (htmx polling), on the task's part.
    task_one = page.get_by_role("heading", name=re.compile(r"^Oppgave 1:"))
    for _ in range(5):
        if not task_one.is_visible():
            page.keyboard.press("PageDown")
    expect(page.get_by_text("Vi bruker avviksmeldinger og samtaler.")).to_be_visible(timeout=15_000)
    page.get_by_role("link", name="Avslutt seminarvisningen").click()
    for link, heading in (("Utsendinger", "Utsendinger"), ("Veiledninger", "Veiledninger")):
        page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, link)
    page.get_by_role("table").get_by_role("link", name=kommune.navn).click()
    page.get_by_role("link", name="Sluttrapport").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sluttrapport")
    assert_accessible(page, "closing report")
    assert page.console_errors == []
