"""Linking a person's OpenID login by hand (issue 22): when the provider does not say the
e-mail is verified, the kommune or veileder sends an invitation and the person accepts it
with their login instead of a password; the admin links and removes logins; a kommune's
contact list shows who logs in with what; with password login off, no page sets or resets
a password. The browser journey is in tests/browser/test_journey_oidc.py."""

import re
from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from accounts import oidc
from accounts.models import Identitet, Invitation
from accounts.services import (
    LoginRefused,
    identitet_link,
    invitation_accept_openid,
    invitation_create,
    oidc_user_for,
)
from core.models import AuditEntry
from kommuner.models import Kontakt
from kommuner.services import kontakt_create

ISSUER = "https://login.example.no"
PROVIDERS = {
    "kommunen": {"issuer": ISSUER, "client_id": "klient", "name": "Logg inn med kommunen", "for": "kommune"},
    "etaten": {"issuer": ISSUER + "/etat", "client_id": "klient", "name": "Logg inn med etaten", "for": "veileder"},
}


@pytest.fixture
def providers(settings):
    settings.OIDC_PROVIDERS = PROVIDERS
    return oidc.providers()


def invite(world, django_capture_on_commit_callbacks, epost="nina@example.com") -> tuple[Kontakt, str]:
    kontakt = kontakt_create(kommune=world.own.kommune, rolle=Kontakt.Rolle.HTV, navn="Nina", epost=epost)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(kontakt=kontakt, by=world.veileder)
    token = re.search(r"/invitasjon/(\S+)/", mail.outbox[-1].body).group(1)
    return kontakt, token


def test_an_invitation_accepted_with_a_login_links_it_without_a_verified_email(
    world, providers, django_capture_on_commit_callbacks
):
    kontakt, token = invite(world, django_capture_on_commit_callbacks)
    claims = {"sub": "nina-sub", "email": "annen@kommune.no", "email_verified": False}
    user = invitation_accept_openid(token=token, provider=providers["kommunen"], claims=claims)
    kontakt.refresh_from_db()
    assert kontakt.user == user and user.email == "nina@example.com" and not user.has_usable_password()
    assert Identitet.objects.get(issuer=ISSUER, sub="nina-sub").user == user
    assert not Invitation.objects.get(kontakt=kontakt).is_usable
    assert AuditEntry.objects.filter(object_id=str(user.pk), source="invitasjon").exists()
    with pytest.raises(LoginRefused, match="brukt eller utløpt"):  # once only
        invitation_accept_openid(token=token, provider=providers["kommunen"], claims=claims)


def test_a_new_invitation_replaces_a_wrongly_linked_login(world, providers, django_capture_on_commit_callbacks):
    kontakt, token = invite(world, django_capture_on_commit_callbacks)
    invitation_accept_openid(token=token, provider=providers["kommunen"], claims={"sub": "feil"})
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(kontakt=kontakt, by=world.veileder)
    token = re.search(r"/invitasjon/(\S+)/", mail.outbox[-1].body).group(1)
    user = invitation_accept_openid(token=token, provider=providers["kommunen"], claims={"sub": "riktig"})
    assert list(user.identiteter.values_list("sub", flat=True)) == ["riktig"]


def test_a_login_linked_to_someone_else_is_refused(world, providers, django_capture_on_commit_callbacks):
    identitet_link(user=world.own.users["hms"], issuer=ISSUER, sub="tatt", by=world.admin, source="admin")
    kontakt, token = invite(world, django_capture_on_commit_callbacks)
    with pytest.raises(LoginRefused, match="allerede koblet til en annen bruker"):
        invitation_accept_openid(token=token, provider=providers["kommunen"], claims={"sub": "tatt"})
    kontakt.refresh_from_db()
    assert kontakt.user is None and Invitation.objects.get(kontakt=kontakt).is_usable  # nothing kept


def test_the_veileders_provider_is_never_offered_or_accepted_for_an_invitation(
    client, world, providers, django_capture_on_commit_callbacks
):
    _kontakt, token = invite(world, django_capture_on_commit_callbacks)
    url = reverse("accounts:invitation", args=[token])
    page = client.get(url).content.decode()
    assert "Logg inn med kommunen" in page and "Logg inn med etaten" not in page
    assert client.post(url, {"innlogging": "etaten"}).status_code == 404
    with pytest.raises(LoginRefused, match="Du kan ikke logge inn med"):
        invitation_accept_openid(token=token, provider=providers["etaten"], claims={"sub": "x"})


def test_choosing_a_login_on_the_invitation_starts_it_and_consumes_nothing_yet(
    client, world, providers, django_capture_on_commit_callbacks
):
    kontakt, token = invite(world, django_capture_on_commit_callbacks)
    discovered = {"issuer": ISSUER, "authorization_endpoint": ISSUER + "/auth"}
    with mock.patch.object(oidc, "discovery", return_value=discovered):
        response = client.post(reverse("accounts:invitation", args=[token]), {"innlogging": "kommunen"})
    assert response.status_code == 302 and response["Location"].startswith(ISSUER + "/auth?")
    (flow,) = client.session[oidc.FLOWS].values()
    assert flow["invitasjon"] == token and flow["key"] == "kommunen"
    assert Invitation.objects.get(kontakt=kontakt).is_usable


def test_password_login_off_the_invitation_offers_only_logins(
    client, world, providers, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_LOGIN = False
    kontakt, token = invite(world, django_capture_on_commit_callbacks)
    url = reverse("accounts:invitation", args=[token])
    page = client.get(url).content.decode()
    assert 'name="password1"' not in page and "Logg inn med kommunen" in page
    response = client.post(url, {"password1": "Trygg-skolehverdag-42", "password2": "Trygg-skolehverdag-42"})
    assert response.status_code == 403 and SESSION_KEY not in client.session
    assert kontakt.user is None and Invitation.objects.get(kontakt=kontakt).is_usable


@pytest.mark.parametrize(
    "url",
    [
        reverse("accounts:password_reset"),
        reverse("accounts:password_reset_done"),
        reverse("accounts:password_reset_confirm", args=["MQ", "abc-123"]),
        reverse("accounts:password_reset_complete"),
    ],
)
def test_password_login_off_no_password_is_reset(client, world, settings, url):
    settings.PASSWORD_LOGIN = False
    response = client.post(url, {"email": world.veileder.email})
    assert response.status_code == 404 and "Innlogging med passord er slått av" in response.content.decode()
    assert not mail.outbox


def test_password_login_off_the_login_page_has_no_reset_link(client, world, providers, settings):
    settings.PASSWORD_LOGIN = False
    assert reverse("accounts:password_reset") not in client.get(reverse("accounts:login")).content.decode()


def test_the_admin_links_and_removes_a_login_and_each_is_recorded(client, world, providers):
    admin_client = client
    admin_client.force_login(world.admin)
    url = reverse("admin:accounts_user_change", args=[world.veileder.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("groups", "user_permissions")}
    data.update(
        {
            "fasilitator_for": "",
            "identiteter-TOTAL_FORMS": "1",
            "identiteter-INITIAL_FORMS": "0",
            "identiteter-0-issuer": ISSUER + "/etat",
            "identiteter-0-sub": "entra-oid-1",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    identitet = Identitet.objects.get(user=world.veileder)
    assert identitet.innlogging == "Logg inn med etaten"
    data.update(
        {
            "identiteter-INITIAL_FORMS": "1",
            "identiteter-0-id": str(identitet.pk),
            "identiteter-0-user": str(world.veileder.pk),
            "identiteter-0-DELETE": "on",
        }
    )
    assert admin_client.post(url, data).status_code == 302
    assert not Identitet.objects.exists()
    changes = [e.changes["innloggingsidentitet"] for e in AuditEntry.objects.filter(source="admin") if e.changes]
    assert [None, f"{ISSUER}/etat entra-oid-1"] in changes and [f"{ISSUER}/etat entra-oid-1", None] in changes


def test_the_contact_list_says_who_logs_in_with_what(client, world, providers):
    leder = world.own.users["skoleeier"]
    identitet_link(user=leder, issuer=ISSUER, sub="leder-sub", by=world.admin, source="admin")
    client.force_login(world.veileder)
    page = client.get(reverse("pages:kommune", args=[world.own.kommune.orgnr])).content.decode()
    assert "Innlogging: Logg inn med kommunen" in page


def test_a_provider_is_trusted_for_the_addresses_of_its_own_domains(world, settings):
    settings.OIDC_PROVIDERS = {
        "etaten": {**PROVIDERS["etaten"], "email_domains": ["Example.com"]},
    }
    etaten = oidc.providers()["etaten"]
    claims = {"sub": "entra-oid", "email": world.veileder.email}  # Entra sends no email_verified
    assert world.veileder.email.endswith("@example.com")
    assert oidc_user_for(provider=etaten, claims=claims) == world.veileder
    settings.OIDC_PROVIDERS = {"etaten": PROVIDERS["etaten"]}
    with pytest.raises(LoginRefused) as refused:
        oidc_user_for(provider=oidc.providers()["etaten"], claims={**claims, "sub": "annen"})
    assert refused.value.referanse == f"{ISSUER}/etat annen"  # shown, for the admin to link by hand


@pytest.mark.parametrize(
    ("password_login", "said"),
    [(True, "lage et passord eller velge innloggingen"), (False, "Åpne lenken for å velge innloggingen")],
)
def test_the_invitation_mail_says_what_the_link_offers(
    world, providers, settings, django_capture_on_commit_callbacks, password_login, said
):
    settings.PASSWORD_LOGIN = password_login
    invite(world, django_capture_on_commit_callbacks)
    assert said in mail.outbox[-1].body


def test_password_login_off_too_many_tries_sends_nobody_to_a_password_reset(client, world, settings):
    settings.PASSWORD_LOGIN = False
    url = reverse("accounts:invitation", args=["gjettet-" + "x" * 40])
    for _ in range(31):
        response = client.get(url)
    assert response.status_code == 429
    assert reverse("accounts:password_reset") not in response.content.decode()
