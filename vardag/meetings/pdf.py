"""Accessible PDFs of agendas and minutes (WeasyPrint, tagged PDF/UA-1, document language)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any]) -> bytes:
    import weasyprint

    html = render_to_string(template, context, request=request)
    document = weasyprint.HTML(string=html)  # self-contained: no URL is fetched
    return document.write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]
