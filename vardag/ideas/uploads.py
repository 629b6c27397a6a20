"""Attachment checks: size, and that the content really is what its name says."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP = b"PK\x03\x04"
# extension -> (content type, check on the first bytes)
ALLOWED: dict[str, tuple[str, Any]] = {
    ".pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    ".png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda head: head.startswith(ZIP),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda head: head.startswith(ZIP),
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        lambda head: head.startswith(ZIP),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", lambda head: head.startswith(ZIP)),
    ".txt": ("text/plain", lambda head: _is_text(head)),
}


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is fine.
        return exc.start >= len(head) - 3
    return True


def check_upload(upload: Any) -> str:
    """Return the content type to store, or raise a translated ValidationError."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Filen är för stor (högst %(max)s).")
            % {"max": filesizeformat(settings.MAX_UPLOAD_BYTES)}
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(
            _("Filtypen tillåts inte. Tillåtna: %(types)s.")
            % {"types": ", ".join(sorted(s.lstrip(".") for s in ALLOWED))}
        )
    content_type, looks_right = ALLOWED[suffix]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if not looks_right(head):
        raise ValidationError(
            _("Filens innehåll stämmer inte med filtypen %(type)s.") % {"type": suffix}
        )
    return content_type
