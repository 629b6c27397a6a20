"""Single sign-on against a fake OpenID Connect provider running in the test process.

The provider is a real HTTP server on a free local port (discovery, token and JWKS endpoints) that
signs ID tokens with an RSA key; each test decides what the next token looks like.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from vardag.accounts import oidc
from vardag.accounts.models import GroupMapping, Membership, OidcIdentity, User, UserSession
from vardag.core.models import AuditEvent

CLIENT_ID = "vardag-test"


class FakeProvider:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict[str, str]] = {}
        self.overrides: dict[str, Any] = {}
        self.sign_with_other_key = False
        self.token_requests: list[dict[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, body: dict, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    self._json(
                        {
                            "issuer": provider.issuer,
                            "authorization_endpoint": f"{provider.issuer}/authorize",
                            "token_endpoint": f"{provider.issuer}/token",
                            "jwks_uri": f"{provider.issuer}/jwks",
                        }
                    )
                elif self.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    self._json({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append(form)
                self._json(*provider.token_response(form))

        return Handler

    def authorize(self, url: str, claims: dict[str, Any]) -> str:
        """What the provider does when the person signs in: remember the request, issue a code."""
        query = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
        code = f"code-{len(self.codes)}"
        self.codes[code] = {**query, "claims": json.dumps(claims)}
        return code

    def token_response(self, form: dict[str, str]) -> tuple[dict, int]:
        pending = self.codes.pop(form.get("code", ""), None)
        if pending is None:
            return {"error": "invalid_grant"}, 400
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != pending["code_challenge"]:
            return {"error": "invalid_grant", "error_description": "PKCE"}, 400
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": pending["nonce"],
            **json.loads(pending["claims"]),
            **self.overrides,
        }
        key = self.other_key if self.sign_with_other_key else self.key
        token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
        return {"id_token": token, "access_token": "at", "token_type": "Bearer"}, 200


@pytest.fixture
def provider(monkeypatch, settings) -> Iterator[FakeProvider]:
    fake = FakeProvider()
    fake.thread.start()
    settings.OIDC_ENABLED = True
    settings.SITE_URL = "http://testserver"
    for name, value in {
        "ISSUER": fake.issuer,
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": "s3cret",
        "SUBJECT_CLAIM": "oid",
        "ORGANISATION": "ekbacka",
        "CREATE_USERS": "1",
    }.items():
        monkeypatch.setenv(f"VARDAG_OIDC_{name}", value)
    oidc._discovery_cache.clear()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()
    oidc._discovery_cache.clear()


def sign_in(client, provider: FakeProvider, claims: dict[str, Any], *, state: str | None = None):
    start = client.get(reverse("accounts:oidc_start"), {"next": "/ideer/"})
    assert start.status_code == 302
    location = start["Location"]
    assert location.startswith(f"{provider.issuer}/authorize?")
    query = {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}
    assert query["code_challenge_method"] == "S256" and query["nonce"] and query["state"]
    assert query["redirect_uri"] == "http://testserver/konto/sso/svar/"
    code = provider.authorize(location, claims)
    return client.get(
        reverse("accounts:oidc_callback"), {"code": code, "state": state or query["state"]}
    )


CLAIMS = {
    "sub": "pairwise-subject-1",
    "oid": "00000000-0000-0000-0000-0000000000aa",
    "given_name": "Sigrid",
    "family_name": "Lind",
    "email": "sigrid.lind@ekbacka.example",
    "groups": ["grp-chefer"],
}


@pytest.mark.django_db
def test_sign_in_creates_links_and_maps_groups(world, client, provider):
    GroupMapping.objects.create(
        organisation=world.org, group="grp-chefer", unit=world.units["unit"], role="unit_manager"
    )
    response = sign_in(client, provider, CLAIMS)
    assert response.status_code == 302 and response["Location"] == "/ideer/"
    user = User.objects.get(email="sigrid.lind@ekbacka.example")
    assert user.organisation == world.org and user.get_full_name() == "Sigrid Lind"
    assert OidcIdentity.objects.get(user=user).subject == CLAIMS["oid"]
    assert user.is_manager
    assert Membership.objects.get(user=user).source == Membership.Source.SSO
    assert provider.token_requests[0]["client_secret"] == "s3cret"
    assert UserSession.objects.get(user=user).method == "oidc"
    assert client.get(reverse("accounts:account")).status_code == 200

    # Signing in again finds the same person by the stable oid, even with a new e-mail;
    # leaving the group ends the role that came from it.
    other = type(client)()
    claims = {**CLAIMS, "email": "sigrid@ny.example", "groups": []}
    assert sign_in(other, provider, claims).status_code == 302
    assert User.objects.filter(oidc_identities__subject=CLAIMS["oid"]).count() == 1
    user = User.objects.get(pk=user.pk)
    assert not user.is_manager
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="membership.removed").exists()


@pytest.mark.django_db
def test_without_just_in_time_creation_unknown_people_are_refused(
    world, client, provider, monkeypatch
):
    monkeypatch.setenv("VARDAG_OIDC_CREATE_USERS", "0")
    response = sign_in(client, provider, CLAIMS)
    assert response.status_code == 403
    assert "Ditt konto finns inte i Vardag" in response.content.decode()
    assert not User.objects.filter(email=CLAIMS["email"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"aud": "another-app"}, "utfärdat för en annan tjänst"),
        ({"nonce": "replayed-nonce"}, "hör inte till den här webbläsaren"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "har gått ut"),
        ({"iss": "https://evil.example"}, "fel identitetsleverantör"),
        ({"oid": ""}, "saknar ett stabilt användar-id"),
        ("bad-signature", "signatur är ogiltig"),
    ],
)
def test_bad_tokens_are_refused_with_a_clear_page(world, client, provider, change, message):
    if change == "bad-signature":
        provider.sign_with_other_key = True
    else:
        provider.overrides = change
    response = sign_in(client, provider, CLAIMS)
    assert response.status_code == 403
    body = response.content.decode()
    assert message in body and "<h1>Inloggningen misslyckades</h1>" in body
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email=CLAIMS["email"]).exists()


@pytest.mark.django_db
def test_wrong_state_and_provider_errors_are_refused(world, client, provider):
    response = sign_in(client, provider, CLAIMS, state="forged")
    assert response.status_code == 403 and "hör inte till den här" in response.content.decode()
    assert provider.token_requests == []  # the code was never exchanged
    response = client.get(reverse("accounts:oidc_callback"), {"error": "access_denied"})
    assert response.status_code == 403
    # A callback without a started sign-in (e.g. replayed) is refused too.
    assert (
        client.get(reverse("accounts:oidc_callback"), {"code": "x", "state": "y"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_unreachable_provider_is_a_page_not_a_500(world, client, settings, monkeypatch):
    settings.OIDC_ENABLED = True
    monkeypatch.setenv("VARDAG_OIDC_ISSUER", "http://127.0.0.1:9")
    monkeypatch.setenv("VARDAG_OIDC_CLIENT_ID", CLIENT_ID)
    oidc._discovery_cache.clear()
    response = client.get(reverse("accounts:oidc_start"))
    assert response.status_code == 403
    assert "svarar inte" in response.content.decode()


@pytest.mark.django_db
def test_sso_is_off_by_default_and_local_login_can_be_turned_off(world, client, settings):
    assert client.get(reverse("accounts:oidc_start")).status_code == 404
    settings.LOCAL_LOGIN_ENABLED = False
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'name="password"' not in page
    response = client.post(
        reverse("accounts:login"),
        {"username": "employee", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
