"""OpenID login without a browser (issue 22): who a login is (linking only by a verified
e-mail, never a role), when the provider's second factor counts, password login switched
off, and the callback's checks. The whole flow against a real provider is in
tests/browser/test_journey_oidc.py."""

from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts import oidc
from accounts.models import Identitet, User
from accounts.services import LoginRefused, oidc_user_for
from conftest import PASSWORD
from core.models import AuditEntry
from kommuner.models import Kontakt
from kommuner.services import kontakt_create

ISSUER = "https://login.example.no"


def provider(audience: str = "alle", mfa_acr: tuple[str, ...] = ()) -> oidc.Provider:
    return oidc.Provider(
        key="test",
        issuer=ISSUER,
        client_id="klient",
        client_secret="hemmelig",
        scopes="openid email profile",
        name="Logg inn med testen",
        audience=audience,
        mfa_acr=mfa_acr,
    )


def claims(email: str, *, sub: str = "sub-1", verified=True, **extra) -> dict:
    return {"iss": ISSUER, "sub": sub, "email": email, "email_verified": verified, **extra}


def test_first_login_links_an_existing_user_by_verified_email_then_goes_by_sub(world):
    user = oidc_user_for(provider=provider(), claims=claims(world.veileder.email.upper()))
    assert user == world.veileder
    assert Identitet.objects.get(issuer=ISSUER, sub="sub-1").user == world.veileder
    assert AuditEntry.objects.filter(object_id=str(user.pk), source="openid").exists()
    # Later: by sub, whatever e-mail the provider now gives.
    assert oidc_user_for(provider=provider(), claims=claims("ny@annet.no", verified=False)) == world.veileder


@pytest.mark.parametrize("verified", [False, None, "false"])
def test_an_unverified_email_is_refused_and_never_linked(world, verified):
    with pytest.raises(LoginRefused, match="har ikke bekreftet"):
        oidc_user_for(provider=provider(), claims=claims(world.veileder.email, verified=verified))
    assert not Identitet.objects.exists()


def test_an_unknown_email_is_refused(world):
    with pytest.raises(LoginRefused, match=r"Vi fant ingen bruker med e-postadressen ukjent@example\.com"):
        oidc_user_for(provider=provider(), claims=claims("ukjent@example.com"))
    assert not User.objects.filter(email="ukjent@example.com").exists()


def test_a_kontakts_first_login_creates_and_links_a_user_without_a_role(world):
    kontakt = kontakt_create(kommune=world.own.kommune, rolle=Kontakt.Rolle.HTV, navn="Nina", epost="nina@example.com")
    user = oidc_user_for(
        provider=provider("kommune"), claims=claims("nina@example.com", is_veileder=True, roles=["admin"])
    )
    kontakt.refresh_from_db()
    assert kontakt.user == user
    assert not user.sees_all and not user.is_superuser and not user.has_usable_password()


def test_veiledere_only_through_the_agencys_provider_and_kommune_people_only_through_theirs(world):
    with pytest.raises(LoginRefused, match="Du kan ikke logge inn med"):
        oidc_user_for(provider=provider("kommune"), claims=claims(world.veileder.email))
    with pytest.raises(LoginRefused, match="Du kan ikke logge inn med"):
        oidc_user_for(provider=provider("veileder"), claims=claims(world.own.users["hms"].email, sub="sub-2"))
    assert not Identitet.objects.exists()  # nothing kept from a refused login
    assert oidc_user_for(provider=provider("veileder"), claims=claims(world.veileder.email)) == world.veileder


def test_a_deactivated_user_is_refused(world):
    world.veileder.is_active = False
    world.veileder.save()
    with pytest.raises(LoginRefused, match="deaktivert"):
        oidc_user_for(provider=provider(), claims=claims(world.veileder.email))


@pytest.mark.parametrize(
    ("token_claims", "mfa"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": ["otp"]}, True),
        ({"amr": ["hwk"]}, True),
        ({"amr": "swk"}, True),
        ({"amr": ["pwd"]}, False),
        ({}, False),
        ({"acr": "idporten-loa-substantial"}, True),
        ({"acr": "idporten-loa-high"}, True),
        ({"acr": "idporten-loa-low"}, False),
    ],
)
def test_provider_mfa_by_amr_or_configured_acr(token_claims, mfa):
    assert oidc.provider_mfa(provider(mfa_acr=("idporten-loa-substantial", "idporten-loa-high")), token_claims) is mfa


def test_provider_mfa_counts_as_the_second_factor_for_that_user_only(client, world, settings):
    settings.REQUIRE_2FA = True
    client.force_login(world.veileder)
    assert client.get(reverse("veiledning:dashboard")).status_code == 302  # to the second factor
    session = client.session
    session[oidc.PROVIDER_MFA] = world.admin.pk  # another user's: does not count
    session.save()
    assert client.get(reverse("veiledning:dashboard")).status_code == 302
    session[oidc.PROVIDER_MFA] = world.veileder.pk
    session.save()
    assert client.get(reverse("veiledning:dashboard")).status_code == 200


def test_no_provider_configured_login_page_as_before_and_provider_urls_404(client, world, settings):
    settings.OIDC_PROVIDERS = {}
    response = client.get(reverse("accounts:login"))
    assert 'name="password"' in response.content.decode() and "logg-inn/med/" not in response.content.decode()
    assert client.get(reverse("accounts:oidc_start", args=["test"])).status_code == 404


def test_password_login_switched_off_hides_the_form_and_refuses_posts(client, world, settings):
    settings.PASSWORD_LOGIN = False
    settings.OIDC_PROVIDERS = {"test": {"issuer": ISSUER, "client_id": "klient", "name": "Logg inn med testen"}}
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'name="password"' not in page and "Logg inn med testen" in page
    response = client.post(reverse("accounts:login"), {"username": world.veileder.email, "password": PASSWORD})
    assert response.status_code == 403 and "Innlogging med passord er slått av" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_callback_refuses_an_unknown_state(client, world, settings):
    settings.OIDC_PROVIDERS = {"test": {"issuer": ISSUER, "client_id": "klient", "name": "Logg inn med testen"}}
    response = client.get(reverse("accounts:oidc_tilbake", args=["test"]), {"state": "gjettet", "code": "x"})
    assert response.status_code == 400 and SESSION_KEY not in client.session


def test_start_sends_pkce_state_and_nonce_and_keeps_only_a_local_next(client, world, settings):
    settings.OIDC_PROVIDERS = {"test": {"issuer": ISSUER, "client_id": "klient", "name": "Logg inn med testen"}}
    discovered = {"issuer": ISSUER, "authorization_endpoint": ISSUER + "/auth"}
    with mock.patch.object(oidc, "discovery", return_value=discovered):
        response = client.get(reverse("accounts:oidc_start", args=["test"]), {"next": "https://evil.example/"})
    location = response["Location"]
    assert location.startswith(ISSUER + "/auth?")
    for part in ("code_challenge_method=S256", "code_challenge=", "state=", "nonce=", "response_type=code"):
        assert part in location
    (flow,) = client.session[oidc.FLOWS].values()
    assert flow["next"] == "" and flow["key"] == "test"
