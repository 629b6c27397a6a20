"""Personal API tokens: `vdg_<prefix>_<secret>`; only a SHA-256 digest is stored."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_RE = re.compile(r"^vdg_(?P<prefix>[A-Za-z0-9]{12})_(?P<secret>[A-Za-z0-9_-]{32,64})$")


def generate(prefix: str = "") -> tuple[str, str, str]:
    """Return (plaintext, prefix, digest); with `prefix`, a new secret for that token."""
    prefix = prefix or secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    plaintext = f"vdg_{prefix}_{secret}"
    return plaintext, prefix, digest(plaintext)


def digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def parse_prefix(plaintext: str) -> str | None:
    match = TOKEN_RE.match(plaintext or "")
    return match.group("prefix") if match else None


def matches(plaintext: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(plaintext), stored_digest)
