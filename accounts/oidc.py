"""OpenID Connect login (issue 22): a relying party for one or more providers, from
settings.OIDC_PROVIDERS (OIDC_<KEY>_* in the environment; none by default).

Authlib (its Django client, DjangoOAuth2App) does the protocol: the authorization URL
with state, nonce and PKCE (S256); the code exchange (client_secret_basic, or client_id
alone for a public client); the ID token's signature against the provider's JWKS (fetched
again for a key it has not seen) and its claims: iss, sub, exp, iat, nonce, azp when
present, at_hash; the RP-initiated logout URL.

What we add: discovery (/.well-known/openid-configuration) read with a short timeout, its
issuer checked against ours, and kept with the JWKS in the Django cache for an hour (Authlib
would keep them in memory for good); the flows in our session (state -> provider, nonce,
verifier and where to go next; used once, the latest few kept); aud required to name our
client (Authlib alone lets any aud through when azp names us); iss exactly as discovery
writes it (ID-porten's ends in "/"); only asymmetric signatures; the client id and secret
form-encoded in client_secret_basic (RFC 6749 2.3.1; Authlib sends them raw). No access or
refresh token is kept; only the ID token, for the provider's logout (id_token_hint), while
the session lasts. Who the person is, is decided in accounts.services."""

import base64
import hashlib
import urllib.parse
from dataclasses import dataclass

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings
from django.core.cache import cache
from joserfc.errors import JoseError

from core.middleware import PROVIDER_MFA  # noqa: F401 (the session key the callback sets)

TIMEOUT = 5  # seconds, for each call to the provider
DISCOVERY_KEPT = 60 * 60
FLOWS = "oidc:flyter"  # session: state -> the flow it started
LOGOUT = "oidc:utlogging"  # session: the provider and ID token, for the provider's logout
MFA_AMR = {"mfa", "otp", "hwk", "swk"}
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
FLOWS_KEPT = 5  # a person may start a few logins in tabs; older ones are dropped
LEEWAY = 60  # seconds of clock skew allowed on exp and iat


class OidcError(Exception):
    """The login failed at or with the provider (not: the person was refused)."""


@dataclass(frozen=True)
class Provider:
    key: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    name: str
    audience: str  # "veileder", "kommune" or "alle": who may log in with it
    mfa_acr: tuple[str, ...]
    email_domains: tuple[str, ...] = ()  # its addresses there count as verified (accounts.services)

    def allows(self, user) -> bool:
        """Veiledere and admins only through the agency's provider; kommune people
        through the others."""
        if self.audience == "alle":
            return True
        return user.sees_all == (self.audience == "veileder")


def providers() -> dict[str, Provider]:
    return {
        key: Provider(
            key=key,
            issuer=conf["issuer"].rstrip("/"),
            client_id=conf["client_id"],
            client_secret=conf.get("client_secret", ""),
            scopes=conf.get("scopes") or "openid email profile",
            name=conf.get("name") or key,
            audience=conf.get("for") or "kommune",
            mfa_acr=tuple(conf.get("mfa_acr") or ()),
            email_domains=tuple(domain.lower() for domain in conf.get("email_domains") or ()),
        )
        for key, conf in settings.OIDC_PROVIDERS.items()
        if conf.get("issuer") and conf.get("client_id")
    }


def _cache_key(provider: Provider, what: str) -> str:
    return f"oidc-{what}:{hashlib.sha256(provider.issuer.encode()).hexdigest()}"


def discovery(provider: Provider) -> dict:
    key = _cache_key(provider, "oppdagelse")
    found = cache.get(key)
    if found is None:
        url = provider.issuer + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=TIMEOUT, headers={"Accept": "application/json"})
            response.raise_for_status()
            found = response.json()
        except (requests.RequestException, ValueError) as error:
            raise OidcError(f"{url}: {error}") from error
        if not isinstance(found, dict) or str(found.get("issuer", "")).rstrip("/") != provider.issuer:
            raise OidcError(f"discovery names another issuer than {provider.issuer!r}")
        cache.set(key, found, DISCOVERY_KEPT)
    return found


def _client_secret_basic(client, method, uri, headers, body):
    """RFC 6749 2.3.1: id and secret form-encoded before Basic (Authlib sends them raw)."""
    pair = f"{urllib.parse.quote(client.client_id, safe='')}:{urllib.parse.quote(client.client_secret, safe='')}"
    headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    return uri, headers, body


def _client(provider: Provider, config: dict) -> DjangoOAuth2App:
    """Authlib's client for this provider, on our cached discovery (and JWKS, once known);
    no server_metadata_url, so Authlib fetches neither itself."""
    client = DjangoOAuth2App(
        DjangoIntegration(provider.key),
        name=provider.key,
        client_id=provider.client_id,
        client_secret=provider.client_secret or None,  # none: a public client, client_id in the body
        client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256", "default_timeout": TIMEOUT},
        client_auth_methods=[("client_secret_basic", _client_secret_basic)],
    )
    client.server_metadata.update(
        config,
        id_token_signing_alg_values_supported=ALGORITHMS,  # what Authlib accepts: ours, not the provider's list
        jwks=cache.get(_cache_key(provider, "nokler")),
    )
    return client


def authorization_url(request, provider: Provider, redirect_uri: str, next_url: str, invitasjon: str = "") -> str:
    """Start a login: remember state, nonce and the PKCE verifier in the session, and the
    invitation this login is to accept, if any (accounts.views.invitation)."""
    try:
        start = _client(provider, discovery(provider)).create_authorization_url(redirect_uri)
    except (AuthlibBaseError, RuntimeError) as error:
        raise OidcError(f"authorization url: {error}") from error
    if not start.get("nonce"):  # Authlib sends one only for the openid scope
        raise OidcError(f"scopes {provider.scopes!r} lack openid")
    flows = dict(list(request.session.get(FLOWS, {}).items())[-(FLOWS_KEPT - 1) :])
    flows[start["state"]] = {
        "key": provider.key,
        "nonce": start["nonce"],
        "verifier": start["code_verifier"],
        "next": next_url,
        "invitasjon": invitasjon,
    }
    request.session[FLOWS] = flows
    return start["url"]


def flow_take(request, provider: Provider, state: str) -> dict | None:
    """The flow this state started, used once; None if unknown or for another provider."""
    flows = request.session.get(FLOWS, {})
    flow = flows.pop(state, None) if state else None
    request.session[FLOWS] = flows
    if flow is None or flow["key"] != provider.key:
        return None
    return flow


def id_token_claims(provider: Provider, *, code: str, flow: dict, redirect_uri: str) -> tuple[dict, str]:
    """Exchange the code (with the PKCE verifier) and verify the ID token: signature,
    issuer, audience, expiry, nonce, azp. Returns its claims and the token itself."""
    config = discovery(provider)
    client = _client(provider, config)
    keys = client.server_metadata["jwks"]
    try:
        tokens = client.fetch_access_token(redirect_uri=redirect_uri, code=code, code_verifier=flow["verifier"])
        if not tokens.get("id_token"):
            raise OidcError("no id_token in the token response")
        claims = client.parse_id_token(
            tokens,
            nonce=flow["nonce"],
            claims_options={
                "iss": {"essential": True, "value": config["issuer"]},  # as the provider writes it
                "aud": {"essential": True, "value": provider.client_id},
            },
            leeway=LEEWAY,
        )
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, RuntimeError) as error:
        raise OidcError(f"id_token: {error!r}") from error
    if client.server_metadata["jwks"] != keys:  # fetched, or fetched again for a new key
        cache.set(_cache_key(provider, "nokler"), client.server_metadata["jwks"], DISCOVERY_KEPT)
    return dict(claims), tokens["id_token"]


def provider_mfa(provider: Provider, claims: dict) -> bool:
    """Did the provider confirm more than one factor: amr (Entra's mfa; otp, hwk, swk) or
    an acr the provider's OIDC_<KEY>_MFA_ACR names (ID-porten's substantial and high)?"""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(MFA_AMR.intersection(amr)) or (claims.get("acr") in provider.mfa_acr if claims.get("acr") else False)


def logout_url(request, post_logout_redirect_uri: str) -> str | None:
    """Where to end the session at the provider too, if it says how (end_session_endpoint)."""
    kept = request.session.get(LOGOUT)
    provider = providers().get(kept["key"]) if kept else None
    if provider is None:
        return None
    try:
        config = discovery(provider)
    except OidcError:
        return None
    if not config.get("end_session_endpoint"):
        return None
    return _client(provider, config).create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri,
        id_token_hint=kept["id_token"],
        client_id=provider.client_id,
    )["url"]  # its state is not checked: we come back to the login page
