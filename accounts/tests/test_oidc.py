"""OpenID login without a browser (issue 22): who a login is (linking only by a verified
e-mail, never a role), when the provider's second factor counts, password login switched
off, and the callback's checks; the ID token's checks against a provider on the wire
(requests answered here). The whole flow against a real provider is in
tests/browser/test_journey_oidc.py."""

import base64
import hashlib
import json
import time
import urllib.parse
from unittest import mock

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

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
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    ((state, flow),) = client.session[oidc.FLOWS].items()
    assert flow["next"] == "" and flow["key"] == "test"
    challenge = base64.urlsafe_b64encode(hashlib.sha256(flow["verifier"].encode()).digest()).rstrip(b"=").decode()
    assert query == {
        "response_type": "code",
        "client_id": "klient",
        "redirect_uri": "http://testserver/logg-inn/med/test/tilbake/",
        "scope": "openid email profile",
        "state": state,
        "nonce": flow["nonce"],
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }


# --- The ID token, against a provider on the wire ------------------------------------
KEY = RSAKey.generate_key(2048, parameters={"kid": "nokkel-1"})
REDIRECT = "https://app.example.no/logg-inn/med/test/tilbake/"
FLOW = {"key": "test", "nonce": "engangs-nonce", "verifier": "v" * 43, "next": ""}


def id_token(key=KEY, **changes) -> str:
    now = int(time.time())
    body = {
        "iss": ISSUER + "/",
        "sub": "sub-1",
        "aud": "klient",
        "exp": now + 300,
        "iat": now,
        "nonce": "engangs-nonce",
    }
    body.update(changes)
    return jwt.encode({"alg": "RS256", "kid": key.kid}, {k: v for k, v in body.items() if v is not None}, key)


def answer(status: int, body) -> requests.Response:
    response = requests.Response()
    response.status_code, response._content = status, json.dumps(body).encode()
    response.headers["Content-Type"] = "application/json"
    return response


class Op:
    """Discovery like ID-porten's (the issuer ends in "/"), a token endpoint and a JWKS."""

    def __init__(self):
        self.sent: list[tuple[requests.PreparedRequest, dict]] = []
        self.token: requests.Response | Exception = answer(200, {})
        self.discovered = {
            "issuer": ISSUER + "/",
            "authorization_endpoint": ISSUER + "/auth",
            "token_endpoint": ISSUER + "/token",
            "jwks_uri": ISSUER + "/jwks",
            "end_session_endpoint": ISSUER + "/logout",
        }

    def give(self, id_token: str | None, **more) -> None:
        self.token = answer(200, {"access_token": "a", "token_type": "Bearer", "id_token": id_token, **more})

    def send(self, session, prepared, **kwargs):
        self.sent.append((prepared, kwargs))
        if prepared.url == ISSUER + "/.well-known/openid-configuration":
            return answer(200, self.discovered)
        if prepared.url == ISSUER + "/jwks":
            return answer(200, KeySet([KEY]).as_dict(private=False))
        if isinstance(self.token, Exception):
            raise self.token
        return self.token

    def urls(self) -> list[str]:
        return [prepared.url for prepared, _ in self.sent]


@pytest.fixture
def op():
    provider_on_the_wire = Op()
    with mock.patch.object(requests.Session, "send", autospec=True, side_effect=provider_on_the_wire.send):
        yield provider_on_the_wire


def test_the_code_is_exchanged_with_the_verifier_and_the_id_token_verified(op):
    op.give(id_token(azp="klient", amr=["pwd", "mfa"]))
    claims, token = oidc.id_token_claims(provider(), code="koden", flow=FLOW, redirect_uri=REDIRECT)
    assert claims["sub"] == "sub-1" and claims["amr"] == ["pwd", "mfa"] and token == op.token.json()["id_token"]
    exchange, _ = op.sent[1]
    assert dict(urllib.parse.parse_qsl(exchange.body)) == {
        "grant_type": "authorization_code",
        "code": "koden",
        "redirect_uri": REDIRECT,
        "code_verifier": FLOW["verifier"],
    }
    assert exchange.headers["Authorization"] == "Basic " + base64.b64encode(b"klient:hemmelig").decode()
    assert all(kwargs["timeout"] == oidc.TIMEOUT for _, kwargs in op.sent)
    # Discovery and the JWKS are kept: the next login only exchanges its code.
    oidc.id_token_claims(provider(), code="koden", flow=FLOW, redirect_uri=REDIRECT)
    assert op.urls() == [
        f"{ISSUER}/.well-known/openid-configuration",
        f"{ISSUER}/token",
        f"{ISSUER}/jwks",
        f"{ISSUER}/token",
    ]


def test_the_client_secret_is_form_encoded_in_basic(op):
    op.give(id_token())
    odd = oidc.Provider(**{**provider().__dict__, "client_secret": "hem:mel/ig+ %"})
    oidc.id_token_claims(odd, code="koden", flow=FLOW, redirect_uri=REDIRECT)
    pair = base64.b64decode(op.sent[1][0].headers["Authorization"].removeprefix("Basic "))
    assert pair == b"klient:hem%3Amel%2Fig%2B%20%25"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": ISSUER},  # not exactly as discovery writes it
        {"aud": "annen", "azp": "klient"},
        {"aud": ["annen", "tredje"]},
        {"exp": int(time.time()) - 3600},
        {"nonce": "en-annen"},
        {"nonce": None},
        {"aud": ["klient", "annen"], "azp": "annen"},
        {"sub": None},
        {"key": RSAKey.generate_key(2048, parameters={"kid": "nokkel-1"})},  # not the provider's key
    ],
)
def test_a_bad_id_token_is_refused(op, changes):
    op.give(id_token(**changes))
    with pytest.raises(oidc.OidcError):
        oidc.id_token_claims(provider(), code="koden", flow=FLOW, redirect_uri=REDIRECT)


@pytest.mark.parametrize(
    "token",
    [
        answer(400, {"error": "invalid_grant"}),
        answer(502, {}),
        answer(200, {"access_token": "a", "token_type": "Bearer"}),  # no id_token
        requests.ConnectionError("unreachable"),
        requests.Timeout("too slow"),
    ],
)
def test_a_failing_token_endpoint_is_an_oidc_error(op, token):
    op.token = token
    with pytest.raises(oidc.OidcError):
        oidc.id_token_claims(provider(), code="koden", flow=FLOW, redirect_uri=REDIRECT)


def test_an_unreachable_provider_shows_the_502_page(client, world, settings):
    settings.OIDC_PROVIDERS = {"test": {"issuer": ISSUER, "client_id": "klient", "name": "Logg inn med testen"}}
    with mock.patch.object(requests.Session, "send", side_effect=requests.ConnectionError("unreachable")):
        response = client.get(reverse("accounts:oidc_start", args=["test"]))
    assert response.status_code == 502 and "svarer ikke" in response.content.decode()


def test_a_login_through_the_callback_uses_its_state_once_and_keeps_only_the_id_token(client, world, settings, op):
    settings.OIDC_PROVIDERS = {"test": {"issuer": ISSUER, "client_id": "klient", "name": "Testen", "for": "alle"}}
    start = client.get(reverse("accounts:oidc_start", args=["test"]), {"next": "/veiledning/"})
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(start["Location"]).query))
    op.give(id_token(nonce=query["nonce"], email=world.veileder.email, email_verified=True), refresh_token="r")
    back = {"state": query["state"], "code": "koden"}
    response = client.get(reverse("accounts:oidc_tilbake", args=["test"]), back)
    assert response.status_code == 302 and response["Location"] == "/veiledning/"
    assert int(client.session[SESSION_KEY]) == world.veileder.pk
    exchange = dict(urllib.parse.parse_qsl(op.sent[1][0].body))
    assert exchange["client_id"] == "klient" and "Authorization" not in op.sent[1][0].headers  # a public client
    kept = json.dumps(dict(client.session.items()))
    assert op.token.json()["id_token"] in kept and '"r"' not in kept and '"a"' not in kept
    assert client.get(reverse("accounts:oidc_tilbake", args=["test"]), back).status_code == 400


def test_logout_url_ends_the_providers_session_with_the_id_token(rf, settings, op):
    settings.OIDC_PROVIDERS = {"test": {"issuer": ISSUER, "client_id": "klient"}}
    request = rf.post("/logg-ut/")
    request.session = {oidc.LOGOUT: {"key": "test", "id_token": "idt"}}
    url = urllib.parse.urlsplit(oidc.logout_url(request, "https://app.example.no/logg-inn/"))
    query = dict(urllib.parse.parse_qsl(url.query))
    assert f"{url.scheme}://{url.netloc}{url.path}" == ISSUER + "/logout"
    assert query["id_token_hint"] == "idt" and query["client_id"] == "klient"
    assert query["post_logout_redirect_uri"] == "https://app.example.no/logg-inn/"
