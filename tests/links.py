"""The links a page shows a person, and what kind of page each opens: shared by the demo link
walk (tests/test_demo.py) and the accessibility check on the demo (tests/browser/demo)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urldefrag, urlsplit

from django.urls import Resolver404, resolve

HREF = re.compile(r'href="([^"#][^"]*)"')
# Files and feeds are tested where they are made; sign-out and language links change the session.
SKIP = re.compile(
    r"(\.pdf|\.ics|\.csv|\.xlsx|\.sav|\.qdpx|\.qdc|\.zip|/export|/api/|/static/|/media/"
    r"|/logga-ut|/bilagor/\d+/)"
)


def links(html: str) -> list[str]:
    """The page's links inside Vardag, in page order, each once, without files and sign-out."""
    found: list[str] = []
    for raw in HREF.findall(html):
        url, _fragment = urldefrag(unescape(raw))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/") or SKIP.search(url):
            continue
        if url not in found:
            found.append(url)
    return found


def kind(url: str) -> tuple[str, tuple[str, ...]]:
    """What kind of page a link opens: its view and the names of its query parameters (the
    idea page of idea 12 and of idea 40 are one kind; the idea list and the list filtered by
    stage are two)."""
    parts = urlsplit(url)
    try:
        view = resolve(parts.path).view_name
    except Resolver404:
        view = parts.path
    return view, tuple(sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}))
