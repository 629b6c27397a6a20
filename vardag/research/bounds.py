"""Bounds on what an uploaded file may expand to, checked while it is read.

A small file can describe a huge one: a compressed stream, a repeated-space element in ODT
(`<text:s text:c="1000000000"/>`), thousands of nested elements, an XML entity. Every reader in
research reads through a :class:`Budget` (characters, elements, nesting depth, pages, time) and
parses XML with :func:`parse_xml`, which refuses DTDs and entities in the parser itself
(defusedxml), whatever the encoding or where in the file they stand.

Exceeding a bound raises :class:`LimitExceeded`; the readers turn it into their own translated
message. Nothing here touches the database.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree import ElementTree as ET  # noqa: S405 - tree builder; parsing: defusedxml  # nosec B405

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    max_chars: int = 5_000_000  # characters of text a file may yield (about 2,500 pages)
    max_elements: int = 2_000_000  # XML elements in one document part
    max_depth: int = 200  # nesting of XML elements (Word tables in tables stay far below)
    max_pages: int = 2_000  # PDF pages
    max_page_bytes: int = 10 * 1024 * 1024  # a PDF page's decompressed content stream
    max_codes: int = 5_000  # codes in a REFI-QDA codebook or project
    max_sources: int = 2_000  # sources in a REFI-QDA project
    max_codings: int = 200_000  # codings in a REFI-QDA project
    max_seconds: float = 30.0  # wall time for reading one file


DEFAULT_LIMITS = Limits()


class LimitExceeded(ValueError):
    """A file would expand beyond a bound: ``what`` is one of the Limits field names."""

    def __init__(self, what: str, limit: float) -> None:
        super().__init__(f"{what} > {limit}")
        self.what = what
        self.limit = limit


class XmlRefused(ValueError):
    """XML with a DTD, an entity or an external reference (never expanded), or broken XML."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "dtd" or "invalid"


@dataclass
class Budget:
    """What one file has used so far; every reader adds to it while reading."""

    limits: Limits = DEFAULT_LIMITS
    chars: int = 0
    elements: int = 0
    started: float = field(default_factory=time.monotonic)

    def add_chars(self, n: int) -> None:
        self.chars += n
        if self.chars > self.limits.max_chars:
            raise LimitExceeded("max_chars", self.limits.max_chars)

    def count(self, what: str, n: int, limit: int) -> None:
        if n > limit:
            raise LimitExceeded(what, limit)

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.limits.max_seconds:
            raise LimitExceeded("max_seconds", self.limits.max_seconds)


class _BoundedTarget:
    """An ElementTree builder that stops as soon as the document grows beyond the budget."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.builder = ET.TreeBuilder()
        self.depth = 0
        self.text = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self.depth += 1
        budget = self.budget
        budget.elements += 1
        if self.depth > budget.limits.max_depth:
            raise LimitExceeded("max_depth", budget.limits.max_depth)
        if budget.elements > budget.limits.max_elements:
            raise LimitExceeded("max_elements", budget.limits.max_elements)
        if budget.elements % 4096 == 0:
            budget.check_time()
        return self.builder.start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        self.depth -= 1
        return self.builder.end(tag)

    def data(self, data: str) -> None:
        # Markup around the text (spaces between elements) counts too, with room to spare.
        self.text += len(data)
        if self.text > 4 * self.budget.limits.max_chars:
            raise LimitExceeded("max_chars", self.budget.limits.max_chars)
        self.builder.data(data)

    def close(self) -> ET.Element:
        return self.builder.close()


def parse_xml(source: bytes | IO[bytes], budget: Budget) -> ET.Element:
    """The root element, read in chunks with DTDs, entities and external references refused
    by the parser, and the budget checked on every element."""
    target = _BoundedTarget(budget)
    parser: Any = DefusedXMLParser(
        target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    chunks: Iterable[bytes] = (
        [source[i : i + CHUNK] for i in range(0, len(source), CHUNK)]
        if isinstance(source, bytes)
        else iter(lambda: source.read(CHUNK), b"")
    )
    try:
        for chunk in chunks:
            parser.feed(chunk)
            budget.check_time()
        root: ET.Element = parser.close()
    except DefusedXmlException as exc:
        raise XmlRefused("dtd") from exc
    except ET.ParseError as exc:
        raise XmlRefused("invalid") from exc
    except RecursionError as exc:  # a guard of last resort; the depth bound comes first
        raise LimitExceeded("max_depth", budget.limits.max_depth) from exc
    return root
