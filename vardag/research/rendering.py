"""HTML for a source text with its coded spans, built in Python so that offsets stay exact:
each paragraph element carries data-start, and its text is exactly text[start:end]."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from vardag.research.forms import COLOUR, paragraph_spans
from vardag.research.models import Excerpt


@dataclass(frozen=True)
class Paragraph:
    number: int
    start: int
    end: int
    html: SafeString


def _segments(text: str, start: int, end: int, excerpts: Sequence[Excerpt]) -> str:
    inside = [e for e in excerpts if e.start < end and e.end > start]
    cuts = sorted(
        {start, end, *(max(start, e.start) for e in inside), *(min(end, e.end) for e in inside)}
    )
    parts = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [e for e in inside if e.start <= a and e.end >= b]
        chunk = escape(text[a:b])
        if not covering:
            parts.append(chunk)
            continue
        codes = sorted({e.code_id for e in covering})
        names = ", ".join(sorted({e.code.name for e in covering}))
        parts.append(
            format_html(
                '<mark class="coded code-{}" title="{}">{}</mark>',
                codes[0],
                names,
                mark_safe(chunk),  # noqa: S308 - chunk is escaped above  # nosec B308, B703
            )
        )
    return "".join(str(p) for p in parts)


def paragraphs(text: str, excerpts: Sequence[Excerpt]) -> list[Paragraph]:
    """Paragraphs with their highlights; one sweep over the excerpts sorted by start."""
    pending = sorted(excerpts, key=lambda e: e.start)
    active: list[Excerpt] = []
    index = 0
    out = []
    for number, (start, end) in enumerate(paragraph_spans(text), start=1):
        while index < len(pending) and pending[index].start < end:
            active.append(pending[index])
            index += 1
        active = [e for e in active if e.end > start]
        html = _segments(text, start, end, active)
        out.append(Paragraph(number, start, end, mark_safe(html)))  # noqa: S308  # nosec B308, B703
    return out


def code_css(codes: Sequence[tuple[int, str]]) -> str:
    """Stylesheet for a study's code colours (served by a view: CSP allows only 'self')."""
    rules = []
    for pk, colour in codes:
        safe = colour if COLOUR.match(colour or "") else "#1f6feb"
        rules.append(f".coded.code-{pk} {{ border-bottom-color: {safe}; }}")
        rules.append(f".swatch-{pk} {{ background: {safe}; }}")
    return "\n".join(rules)
