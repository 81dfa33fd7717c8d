"""Logging in through a real OpenID provider (issue 22): node's oidc-provider, started for
the session (tests/oidc), where the test says who it is, whether the e-mail is verified and
whether a second factor was used. First login links by verified e-mail; unverified is
refused; the provider's MFA counts as the second factor, else TOTP is asked; a Kontakt's
first login creates their user; one whose provider does not verify the e-mail is linked
through an invitation; logout ends both sessions."""

import copy
import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Identitet, User
from accounts.services import invitation_create
from kommuner.models import Kontakt
from kommuner.services import kontakt_create
from tests import oidc
from tests.browser.conftest import assert_accessible


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    process, issuer = oidc.start(live_server.url, tmp_path_factory.mktemp("oidc") / "provider.log")
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def with_oidc(settings, oidc_provider):
    settings.OIDC_PROVIDERS = oidc.providers(oidc_provider)
    policy = copy.deepcopy(django_settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], oidc_provider]
    settings.CONTENT_SECURITY_POLICY = policy  # logging out goes on to the provider
    settings.REQUIRE_2FA = True
    return oidc_provider


def provider_login(page, button: str, email: str, *, verified: bool = True, mfa: bool = False) -> None:
    page.goto("/logg-inn/")
    page.get_by_role("link", name=button).click()
    provider_form(page, email, verified=verified, mfa=mfa)


def provider_form(page, email: str, *, verified: bool = True, mfa: bool = False) -> None:
    """The provider's own page (tests/oidc/provider.mjs): who the test says it is."""
    page.get_by_label("E-post hos leverandøren").fill(email)
    page.get_by_label("E-posten er bekreftet").set_checked(verified)
    page.get_by_label("Med to-faktor (MFA)").set_checked(mfa)
    page.get_by_role("button", name="Fortsett").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_login_page_with_providers_is_accessible(page, world, with_oidc):
    page.goto("/logg-inn/")
    expect(page.get_by_role("link", name="Logg inn med Arbeidstilsynet")).to_be_visible()
    expect(page.get_by_role("link", name="Logg inn med kommunen")).to_be_visible()
    assert_accessible(page, "login page with providers")


@pytest.mark.django_db(transaction=True)
def test_veileder_first_login_links_by_verified_email_and_provider_mfa_is_the_second_factor(page, world, with_oidc):
    provider_login(page, "Logg inn med Arbeidstilsynet", world.veileder.email, mfa=True)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oversikt")
    assert "/to-faktor/" not in page.url
    assert Identitet.objects.get(issuer=with_oidc).user == world.veileder


@pytest.mark.django_db(transaction=True)
def test_veileder_without_mfa_is_asked_for_totp(page, world, with_oidc):
    provider_login(page, "Logg inn med Arbeidstilsynet", world.veileder.email, mfa=False)
    expect(page).to_have_url(f"{page.url.split('/to-faktor/')[0]}/to-faktor/oppsett/?next=%2F")


@pytest.mark.django_db(transaction=True)
def test_unverified_email_is_refused_and_never_linked(page, world, with_oidc):
    provider_login(page, "Logg inn med kommunen", world.own.users["skoleeier"].email, verified=False)
    expect(page.get_by_role("alert")).to_contain_text("har ikke bekreftet e-postadressen")
    assert_accessible(page, "refused login")
    assert not Identitet.objects.exists()
    page.goto("/")
    expect(page).to_have_url(f"{page.url.split('/logg-inn/')[0]}/logg-inn/?next=/")


@pytest.mark.django_db(transaction=True)
def test_a_kontakts_first_login_creates_and_links_their_user(page, world, with_oidc):
    kontakt = kontakt_create(
        kommune=world.own.kommune, rolle=Kontakt.Rolle.HTV, navn="Nina Ny", epost="nina.ny@example.com"
    )
    provider_login(page, "Logg inn med kommunen", "nina.ny@example.com")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vår veiledning")
    user = User.objects.get(email="nina.ny@example.com")
    kontakt.refresh_from_db()
    assert kontakt.user == user and not user.sees_all and not user.has_usable_password()


@pytest.mark.django_db(transaction=True)
def test_a_stranger_is_refused(page, world, with_oidc):
    provider_login(page, "Logg inn med kommunen", "ukjent@example.com")
    expect(page.get_by_role("alert")).to_contain_text("Vi fant ingen bruker med e-postadressen ukjent@example.com")
    assert not User.objects.filter(email="ukjent@example.com").exists()


@pytest.mark.django_db(transaction=True)
def test_logout_ends_both_sessions(page, world, with_oidc):
    provider_login(page, "Logg inn med Arbeidstilsynet", world.veileder.email, mfa=True)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oversikt")
    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # the provider's own page
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn")
    page.get_by_role("link", name="Logg inn med Arbeidstilsynet").click()
    expect(page.get_by_label("E-post hos leverandøren")).to_be_visible()  # not logged in there either


@pytest.mark.django_db(transaction=True)
def test_an_unverified_email_is_linked_through_the_invitation_the_kommune_sends(page, world, with_oidc):
    provider_login(page, "Logg inn med kommunen", "olav@kommune.example", verified=False)
    expect(page.get_by_role("alert")).to_contain_text("Be veilederen eller kommunen om en invitasjon")
    kontakt = kontakt_create(
        kommune=world.own.kommune, rolle=Kontakt.Rolle.HTV, navn="Olav Uverifisert", epost="olav@kommune.example"
    )
    invitation_create(kontakt=kontakt, by=world.veileder)  # the contact list's "Inviter"
    link = re.search(r"https?://\S+(/invitasjon/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    assert_accessible(page, "invitation with providers")
    page.get_by_role("button", name="Logg inn med kommunen").click()
    home = page.get_by_role("heading", name=re.compile("Vår veiledning"))
    asked = page.get_by_label("E-post hos leverandøren")
    expect(asked.or_(home)).to_be_visible()  # the provider may remember the refused login
    if asked.is_visible():
        provider_form(page, "olav@kommune.example", verified=False)
    expect(home).to_be_visible()
    kontakt.refresh_from_db()
    assert Identitet.objects.get(issuer=with_oidc).user == kontakt.user
    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    provider_login(page, "Logg inn med kommunen", "olav@kommune.example", verified=False)  # now by sub
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vår veiledning")
