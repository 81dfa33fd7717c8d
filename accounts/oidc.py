"""OpenID Connect login (issue 22): a small relying party for one or more providers, from
settings.OIDC_PROVIDERS (OIDC_<KEY>_* in the environment; none by default).

The authorization code flow with PKCE (S256); state, nonce and the code verifier are kept
in our session under the state and used once; the ID token's signature is checked against
the provider's JWKS, with its issuer, audience, expiry and nonce. No access or refresh token
is kept; only the ID token, for the provider's logout (id_token_hint), while the session
lasts. Discovery (/.well-known/openid-configuration) is read at login, with a short timeout,
and kept in the cache for an hour. Who the person is, is decided in accounts.services."""

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import jwt
from django.conf import settings
from django.core.cache import cache

from core.middleware import PROVIDER_MFA  # noqa: F401 (the session key the callback sets)

TIMEOUT = 5  # seconds, for each call to the provider
DISCOVERY_KEPT = 60 * 60
FLOWS = "oidc:flyter"  # session: state -> the flow it started
LOGOUT = "oidc:utlogging"  # session: the provider and ID token, for the provider's logout
MFA_AMR = {"mfa", "otp", "hwk", "swk"}
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
FLOWS_KEPT = 5  # a person may start a few logins in tabs; older ones are dropped


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
        )
        for key, conf in settings.OIDC_PROVIDERS.items()
        if conf.get("issuer") and conf.get("client_id")
    }


def _get_json(url: str, data: dict | None = None, headers: dict | None = None) -> dict:
    if not url.startswith(("https://", "http://")):
        raise OidcError(f"{url}: not an http(s) address")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    headers = {"Accept": "application/json", **(headers or {})}
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 (http(s) only, checked above)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only)
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode(errors="replace")
        raise OidcError(f"{url}: {error.code} {detail}") from error
    except (OSError, ValueError) as error:
        raise OidcError(f"{url}: {error}") from error


def discovery(provider: Provider) -> dict:
    key = f"oidc-oppdagelse:{hashlib.sha256(provider.issuer.encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = _get_json(provider.issuer + "/.well-known/openid-configuration")
        if found.get("issuer", "").rstrip("/") != provider.issuer:
            raise OidcError(f"discovery names issuer {found.get('issuer')!r}, not {provider.issuer!r}")
        cache.set(key, found, DISCOVERY_KEPT)
    return found


_jwks_clients: dict[str, jwt.PyJWKClient] = {}


def _signing_key(jwks_uri: str, token: str):
    client = _jwks_clients.get(jwks_uri)
    if client is None:
        client = _jwks_clients[jwks_uri] = jwt.PyJWKClient(jwks_uri, cache_keys=True, timeout=TIMEOUT)
    try:
        return client.get_signing_key_from_jwt(token).key
    except jwt.PyJWKClientError as error:
        raise OidcError(f"JWKS: {error}") from error


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def authorization_url(request, provider: Provider, redirect_uri: str, next_url: str) -> str:
    """Start a login: remember state, nonce and the PKCE verifier in the session."""
    config = discovery(provider)
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    flows = dict(list(request.session.get(FLOWS, {}).items())[-(FLOWS_KEPT - 1) :])
    flows[state] = {"key": provider.key, "nonce": nonce, "verifier": verifier, "next": next_url}
    request.session[FLOWS] = flows
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": _b64(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256",
    }
    return f"{config['authorization_endpoint']}?{urllib.parse.urlencode(query)}"


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
    issuer, audience, expiry, nonce. Returns its claims and the token itself."""
    config = discovery(provider)
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": flow["verifier"],
    }
    headers = {}
    if provider.client_secret:  # client_secret_basic (RFC 6749 2.3.1)
        pair = (
            f"{urllib.parse.quote(provider.client_id, safe='')}:{urllib.parse.quote(provider.client_secret, safe='')}"
        )
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    else:
        data["client_id"] = provider.client_id
    tokens = _get_json(config["token_endpoint"], data=data, headers=headers)
    token = tokens.get("id_token")
    if not token:
        raise OidcError("no id_token in the token response")
    try:
        claims = jwt.decode(
            token,
            _signing_key(config["jwks_uri"], token),
            algorithms=ALGORITHMS,
            audience=provider.client_id,
            issuer=config["issuer"],  # as the provider writes it: ID-porten's ends in "/", Entra's does not
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            leeway=60,
        )
    except jwt.InvalidTokenError as error:
        raise OidcError(f"id_token: {error}") from error
    if not secrets.compare_digest(str(claims.get("nonce", "")), flow["nonce"]):
        raise OidcError("id_token: wrong nonce")
    if "azp" in claims and claims["azp"] != provider.client_id:
        raise OidcError("id_token: azp is another client")
    return claims, token


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
        endpoint = discovery(provider).get("end_session_endpoint")
    except OidcError:
        return None
    if not endpoint:
        return None
    query = {
        "id_token_hint": kept["id_token"],
        "post_logout_redirect_uri": post_logout_redirect_uri,
        "client_id": provider.client_id,
    }
    return f"{endpoint}?{urllib.parse.urlencode(query)}"
