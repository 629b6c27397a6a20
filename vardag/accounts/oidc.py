"""OpenID Connect sign-in: authorization code flow with PKCE, state and nonce.

Configured by environment variables (see docs/sso.md); `settings.OIDC_ENABLED` turns it on.
Every failure raises `OidcError` with a Swedish message that the callback view shows as a page.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.utils.translation import gettext as _

SESSION_KEY = "vardag_oidc"
TIMEOUT_SECONDS = 10
_discovery_cache: dict[str, dict[str, Any]] = {}


class OidcError(Exception):
    """Sign-in refused; str(error) is a plain Swedish reason for the person signing in."""


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"VARDAG_OIDC_{name}", default).strip()


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    subject_claim: str
    groups_claim: str
    organisation: str
    is_creating_users: bool
    algorithms: tuple[str, ...]
    leeway_seconds: int
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str

    @classmethod
    def from_env(cls) -> OidcConfig:
        issuer = _env("ISSUER").rstrip("/")
        if not issuer or not _env("CLIENT_ID"):
            raise OidcError(_("Inloggning med organisationens konto är inte konfigurerad."))
        return cls(
            issuer=issuer,
            client_id=_env("CLIENT_ID"),
            client_secret=_env("CLIENT_SECRET"),
            scopes=_env("SCOPES", "openid profile email"),
            subject_claim=_env("SUBJECT_CLAIM", "sub"),
            groups_claim=_env("GROUPS_CLAIM", "groups"),
            organisation=_env("ORGANISATION"),
            is_creating_users=_env("CREATE_USERS", "0").lower() in {"1", "true", "yes", "on"},
            algorithms=tuple(_env("ALGORITHMS", "RS256").replace(" ", "").split(",")),
            leeway_seconds=int(_env("LEEWAY_SECONDS", "60") or 60),
            authorization_endpoint=_env("AUTHORIZATION_ENDPOINT"),
            token_endpoint=_env("TOKEN_ENDPOINT"),
            jwks_uri=_env("JWKS_URI"),
        )

    def endpoints(self) -> tuple[str, str, str]:
        """(authorization, token, jwks) from the environment or the provider's discovery."""
        if self.authorization_endpoint and self.token_endpoint and self.jwks_uri:
            return self.authorization_endpoint, self.token_endpoint, self.jwks_uri
        meta = discovery(self.issuer)
        return (
            self.authorization_endpoint or meta["authorization_endpoint"],
            self.token_endpoint or meta["token_endpoint"],
            self.jwks_uri or meta["jwks_uri"],
        )


def discovery(issuer: str) -> dict[str, Any]:
    if issuer not in _discovery_cache:
        meta = _get_json(f"{issuer}/.well-known/openid-configuration")
        if meta.get("issuer", "").rstrip("/") != issuer:
            raise OidcError(
                _("Identitetsleverantörens uppgifter stämmer inte med inställningarna.")
            )
        _discovery_cache[issuer] = meta
    return _discovery_cache[issuer]


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcError(_("Identitetsleverantören svarar inte. Försök igen om en stund.")) from exc


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class Authorization:
    url: str
    state: str
    nonce: str
    verifier: str


def authorization(config: OidcConfig, redirect_uri: str) -> Authorization:
    """The provider URL to send the browser to, with fresh state, nonce and PKCE verifier."""
    state, nonce, verifier = (secrets.token_urlsafe(32) for _i in range(3))
    challenge = _b64(hashlib.sha256(verifier.encode()).digest())
    endpoint, _token, _jwks = config.endpoints()
    query = urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id,
            "redirect_uri": redirect_uri,
            "scope": config.scopes,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    separator = "&" if "?" in endpoint else "?"
    return Authorization(f"{endpoint}{separator}{query}", state, nonce, verifier)


def exchange(config: OidcConfig, *, code: str, verifier: str, redirect_uri: str) -> str:
    """Trade the authorization code (and the PKCE verifier) for an ID token."""
    _auth, token_endpoint, _jwks = config.endpoints()
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": config.client_id,
        "code_verifier": verifier,
    }
    if config.client_secret:
        data["client_secret"] = config.client_secret
    try:
        response = requests.post(token_endpoint, data=data, timeout=TIMEOUT_SECONDS)
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcError(_("Identitetsleverantören svarar inte. Försök igen om en stund.")) from exc
    if response.status_code != 200 or "id_token" not in body:
        raise OidcError(_("Identitetsleverantören godtog inte inloggningen. Försök igen."))
    return str(body["id_token"])


def _signing_key(config: OidcConfig, token: str) -> Any:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise OidcError(_("Inloggningsbeviset kunde inte läsas.")) from exc
    if header.get("alg") not in config.algorithms:
        raise OidcError(_("Inloggningsbeviset är signerat på ett sätt som inte godtas."))
    _auth, _token, jwks_uri = config.endpoints()
    try:
        keys = jwt.PyJWKSet.from_dict(_get_json(jwks_uri)).keys
    except jwt.PyJWTError as exc:
        raise OidcError(_("Identitetsleverantörens nycklar kunde inte läsas.")) from exc
    kid = header.get("kid")
    for key in keys:
        if kid is None or key.key_id == kid:
            return key.key
    raise OidcError(_("Inloggningsbeviset är signerat med en okänd nyckel."))


def verify_id_token(config: OidcConfig, token: str, *, nonce: str) -> dict[str, Any]:
    """Check signature, issuer, audience, expiry and nonce; return the claims."""
    key = _signing_key(config, token)
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=list(config.algorithms),
            audience=config.client_id,
            issuer=config.issuer,
            leeway=config.leeway_seconds,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise OidcError(_("Inloggningen har gått ut. Försök igen.")) from exc
    except jwt.InvalidAudienceError as exc:
        raise OidcError(_("Inloggningsbeviset är utfärdat för en annan tjänst.")) from exc
    except jwt.InvalidIssuerError as exc:
        raise OidcError(_("Inloggningsbeviset kommer från fel identitetsleverantör.")) from exc
    except jwt.InvalidSignatureError as exc:
        raise OidcError(_("Inloggningsbevisets signatur är ogiltig.")) from exc
    except jwt.PyJWTError as exc:
        raise OidcError(_("Inloggningsbeviset är ogiltigt.")) from exc
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError(_("Inloggningen hör inte till den här webbläsaren. Försök igen."))
    if not claims.get(config.subject_claim):
        raise OidcError(_("Inloggningsbeviset saknar ett stabilt användar-id."))
    return claims


def groups_of(config: OidcConfig, claims: dict[str, Any]) -> list[str]:
    groups = claims.get(config.groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    return [str(g) for g in groups if g]
