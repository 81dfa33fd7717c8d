"""The invitation letter tells the truth about its recipients, can be sent again, reads
well without a date, and is in the letter's language throughout (issue 18)."""

import io

import pypdf
from django.core import mail
from django.urls import reverse

from conftest import make_tenant
from core.audit import history_for
from demo.vestland import demo_orgnr
from kommuner.models import Kommune
from kommuner.services import kommune_upsert, kontakt_create
from veiledning.reports import letter_context, letter_pdf
from veiledning.services import brev_send, veiledning_create


def _send(veiledning, by):
    veiledning.var_ref = "2026/77"
    veiledning.save()
    mail.outbox.clear()
    return brev_send(veiledning=veiledning, by=by)


def test_before_any_programme_the_kommune_page_shows_contacts_and_lets_the_veileder_add_one(client, world):
    tenant = make_tenant(3, veileder=None)
    client.force_login(world.veileder)
    page = client.get(tenant.kommune.get_absolute_url()).content.decode()
    assert tenant.kontakter["skoleeier"].navn in page
    add = reverse("kommuner:kontakt_create", args=[tenant.kommune.orgnr])
    assert f'href="{add}"' in page
    response = client.post(add, {"navn": "Kari Kopi", "epost": "kari@example.com", "rolle": "hms_radgiver"})
    assert response.status_code == 302
    assert tenant.kommune.kontakter.filter(epost="kari@example.com").exists()


def test_a_kommune_with_another_veileders_programme_keeps_its_contacts_to_them(client, world):
    client.force_login(world.veileder)
    foreign = world.foreign.kommune
    page = client.get(foreign.get_absolute_url()).content.decode()
    assert world.foreign.kontakter["skoleeier"].epost not in page
    assert client.get(reverse("kommuner:kontakt_create", args=[foreign.orgnr])).status_code == 404


def test_the_preview_warns_when_the_letter_has_no_copy_recipient(client, world):
    kommune, _ = kommune_upsert(
        orgnr=demo_orgnr(9_000_044),
        fields={"nummer": "4644", "navn": "Uten kontakter", "type": "kommune", "postmottak": "post44@example.com"},
    )
    veiledning = veiledning_create(kommune=kommune, veiledere=[world.veileder])
    client.force_login(world.veileder)
    page = client.get(reverse("veiledning:brev", args=[veiledning.pk])).content.decode()
    assert "Brevet går bare til postmottak" in page
    assert f'href="{reverse("kommuner:kontakt_create", args=[kommune.orgnr])}"' in page
    kontakt_create(kommune=kommune, rolle="htv", navn="Tore", epost="tore@example.com")
    assert (
        "Brevet går bare til postmottak"
        not in client.get(reverse("veiledning:brev", args=[veiledning.pk])).content.decode()
    )


def test_the_sent_letter_shows_whom_it_went_to_and_can_be_sent_again(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        veiledning = _send(world.own.veiledning, world.veileder)
    first = mail.outbox[-1]
    kontakt_create(kommune=veiledning.kommune, rolle="hms_radgiver", navn="Kari", epost="kari@example.com")
    client.force_login(world.veileder)
    for url in (reverse("veiledning:brev", args=[veiledning.pk]), reverse("veiledning:detail", args=[veiledning.pk])):
        sent = client.get(url).content.decode().split('id="sendt"')[1].split("</section>")[0]
        assert veiledning.kommune.postmottak in sent and all(cc in sent for cc in first.cc)
        assert "kari@example.com" not in sent
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("veiledning:brev_resend", args=[veiledning.pk]))
    assert response.status_code == 302
    again = mail.outbox[-1]
    assert again.to == [veiledning.kommune.postmottak] and "kari@example.com" in again.cc
    veiledning.refresh_from_db()
    assert "kari@example.com" in veiledning.brev_mottakere
    assert history_for(veiledning).filter(changes__has_key="brev_sendt_pa_nytt", actor=world.veileder).exists()
    page = client.get(reverse("veiledning:brev", args=[veiledning.pk])).content.decode()
    assert "Sendt på nytt" in page and "kari@example.com" in page


def test_the_mail_goes_to_the_recipients_stored_at_sending(world):
    """A contact added between the click and the worker's run is not sent a copy the page
    does not show."""
    from veiledning.mail import invitation_letter_send

    veiledning = _send(world.own.veiledning, world.veileder)
    kontakt_create(kommune=veiledning.kommune, rolle="htv", navn="Sen Kontakt", epost="sen@example.com")
    mail.outbox.clear()
    invitation_letter_send(veiledning=veiledning)
    assert "sen@example.com" not in mail.outbox[-1].cc


def test_without_an_oppstart_date_the_letter_says_the_date_is_agreed_together(world):
    for tenant in (world.own, world.foreign):
        text = " ".join(letter_context(tenant.veiledning)["avsnitt"])
        assert "etter avtale, men" not in text
        assert "oppstartsmøtet" in text and "{oppstart}" not in text
    assert "avtaler tidspunktet for oppstartsmøtet sammen" in " ".join(letter_context(world.own.veiledning)["avsnitt"])
    assert "avtalar tidspunktet for oppstartsmøtet saman" in " ".join(
        letter_context(world.foreign.veiledning)["avsnitt"]
    )


def test_the_preview_is_in_the_letters_language_whatever_the_interface(client, world):
    other = make_tenant(5, veileder=None, malform=Kommune.Malform.NYNORSK)
    veiledning = veiledning_create(kommune=other.kommune, veiledere=[world.veileder], skoler=[other.skole])
    client.force_login(world.veileder)
    page = client.get(reverse("veiledning:brev", args=[veiledning.pk])).content.decode()  # interface: bokmål
    preview = page.split('class="letter-preview')[1].split("</section>")[0]
    assert "Skular i planen" in preview and "Med helsing" in preview
    assert "Skoler i planen" not in preview and "Med hilsen" not in preview
    assert "har ikkje signatur" in preview


def test_the_nynorsk_pdf_ends_in_nynorsk(world):
    pdf = letter_pdf(world.foreign.veiledning)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "har ikkje signatur" in text and "har ingen signatur" not in text


def test_the_second_half_of_a_double_click_says_the_letter_is_sent(client, world):
    """The two clicks race: the first one's message may never be shown, so the second one,
    arriving within the minute, reports the same outcome instead of an error."""
    veiledning = world.own.veiledning
    veiledning.var_ref = "2026/77"
    veiledning.save()
    client.force_login(world.veileder)
    url = reverse("veiledning:brev_send", args=[veiledning.pk])
    assert client.post(url).status_code == 302
    second = client.post(url, follow=True)
    assert "Brevet er sendt." in second.content.decode()
    assert second.redirect_chain[-1][0] == reverse("veiledning:detail", args=[veiledning.pk])
    assert len([m for m in mail.outbox if "2026/77" in m.subject + m.body]) <= 1
