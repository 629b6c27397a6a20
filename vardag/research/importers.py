"""Text out of uploaded files: .txt, .docx, .odt, .pdf (text layer), .vtt and .srt.

Every failure is an ImportProblem with a translated message; nothing here touches the database.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import IO
from xml.etree import ElementTree as ET  # noqa: S405 - elements; parsing: bounds.parse_xml  # nosec B405

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from vardag.core import tables
from vardag.research.bounds import Budget, LimitExceeded, XmlRefused, parse_xml

SUFFIXES = (".txt", ".docx", ".odt", ".pdf", ".vtt", ".srt")
MAX_XML_BYTES = 50 * 1024 * 1024  # zip-bomb guard for the XML inside .docx/.odt


class ImportProblem(ValueError):
    """Why a file could not be read, in the user's language."""


@dataclass(frozen=True)
class Cue:
    start: str
    end: str
    speaker: str
    offset: int  # where the cue's text starts in the extracted text


@dataclass(frozen=True)
class Extracted:
    text: str
    cues: tuple[Cue, ...] = field(default=())
    left_out: tuple[str, ...] = field(default=())  # what the file holds that was not imported


def decode_text(data: bytes) -> str:
    """The one decoder of uploaded text (core.tables): UTF-8 with or without BOM, UTF-16 with
    BOM or Windows-1252; anything else is refused with a message, never garbled."""
    try:
        return tables.decode_text(data)[0]
    except tables.NotText as exc:
        raise ImportProblem(_("Filen verkar inte vara en textfil.")) from exc
    except tables.TableError as exc:
        raise ImportProblem(" ".join(exc.messages)) from exc


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def limit_message(exc: LimitExceeded) -> str:
    """What a person reads when a file would expand beyond a bound."""
    n = f"{int(exc.limit):,}".replace(",", "\u00a0")
    messages = {
        "max_chars": _("Filen blir för lång (mer än %(n)s tecken text). Dela upp den."),
        "max_elements": _("Dokumentet har för många delar (mer än %(n)s) för att läsas."),
        "max_depth": _("Dokumentet är för djupt nästlat (mer än %(n)s nivåer) för att läsas."),
        "max_pages": _("PDF-filen har fler än %(n)s sidor. Dela upp den."),
        "max_page_bytes": _("En sida i PDF-filen är för stor för att läsas."),
        "max_seconds": _(
            "Det tog för lång tid att läsa filen. Dela upp den eller spara den i ett enklare "
            "format (txt)."
        ),
    }
    return messages.get(exc.what, messages["max_chars"]) % {"n": n}


def _open_member(archive: zipfile.ZipFile, member: str) -> IO[bytes] | None:
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > MAX_XML_BYTES:
        raise ImportProblem(_("Dokumentet är för stort att läsa."))
    return archive.open(info)


def _read_parts(data: bytes, main: str, others: Iterable[str], budget: Budget) -> Parts:
    """The XML parts of a .docx/.odt: the main one (required) and those of ``others`` present
    (names, or prefixes ending in "*"), each parsed with DTDs refused and within the budget."""
    parts: Parts = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            wanted = [main]
            for other in others:
                if other.endswith("*"):
                    matching = [n for n in names if n.startswith(other[:-1]) and n.endswith(".xml")]
                    wanted += sorted(matching, key=_natural)
                elif other in names:
                    wanted.append(other)
            for member in wanted:
                stream = _open_member(archive, member)
                if stream is None:
                    raise KeyError(member)
                with stream:
                    parts[member] = parse_xml(stream, budget)
    except XmlRefused as exc:
        if exc.reason == "dtd":
            raise ImportProblem(_("Dokumentet innehåller otillåtna XML-deklarationer.")) from exc
        raise ImportProblem(_("Filen är skadad eller inte ett giltigt dokument.")) from exc
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError) as exc:
        raise ImportProblem(_("Filen är skadad eller inte ett giltigt dokument.")) from exc
    return parts


def _natural(name: str) -> tuple[int, str]:
    digits = "".join(ch for ch in name if ch.isdigit())
    return (int(digits) if digits else 0, name)


Parts = dict[str, ET.Element]


class _Text:
    """Paragraphs collected within the budget, with the extra parts (notes, text boxes)."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.paragraphs: list[str] = []

    def add(self, paragraph: str) -> None:
        if paragraph.strip():
            self.budget.add_chars(len(paragraph) + 2)
            self.paragraphs.append(paragraph)

    def section(self, label: str, paragraphs: list[str]) -> None:
        """A labelled section (``[Fotnoter]``) before its paragraphs, if there are any."""
        kept = [p for p in paragraphs if p.strip()]
        if kept:
            self.add(f"[{label}]")
            for paragraph in kept:
                self.add(paragraph)


# ---- .docx -----------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


class _Docx:
    """Word's body in reading order: a text box's paragraphs follow the paragraph that holds it
    (Word stores each text box twice, as DrawingML and as a VML fallback: the fallback is
    skipped); footnote and endnote references become ``[fotnot 1]`` / ``[slutnot 1]``."""

    def __init__(self) -> None:
        self.notes: dict[tuple[str, str], int] = {}  # (kind, w:id) → number in reading order

    def blocks(self, element: ET.Element) -> list[str]:
        out: list[str] = []
        for child in element:
            if child.tag == MC_FALLBACK:
                continue
            if child.tag == f"{W}p":
                boxes: list[str] = []
                out.append(self.paragraph(child, boxes))
                out.extend(boxes)
            else:
                out.extend(self.blocks(child))
        return out

    def paragraph(self, element: ET.Element, boxes: list[str]) -> str:
        parts: list[str] = []
        for child in element:
            tag = child.tag
            if tag == MC_FALLBACK:
                continue
            if tag == f"{W}txbxContent":
                boxes.extend(self.blocks(child))
            elif tag == f"{W}t" and child.text:
                parts.append(child.text)
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                parts.append(self.reference(tag, child.get(f"{W}id", "")))
            elif tag != f"{W}p":
                parts.append(self.paragraph(child, boxes))
            else:
                boxes.append(self.paragraph(child, boxes))
        return "".join(parts)

    def reference(self, tag: str, note_id: str) -> str:
        kind = "fotnot" if tag == f"{W}footnoteReference" else "slutnot"
        number = self.notes.setdefault((kind, note_id), 1 + sum(k == kind for k, _ in self.notes))
        return f"[{kind} {number}]"

    def notes_of(self, root: ET.Element | None, kind: str, element: str) -> list[str]:
        """The notes referred to in the body, in their numbers' order."""
        if root is None:
            return []
        by_id = {n.get(f"{W}id", ""): n for n in root.iter(f"{W}{element}")}
        out = []
        for (note_kind, note_id), number in sorted(self.notes.items(), key=lambda x: x[1]):
            if note_kind == kind and note_id in by_id:
                text = "\n".join(p for p in self.blocks(by_id[note_id]) if p.strip())
                out.append(f"[{kind} {number}] {text.strip()}")
        return out


def _distinct(parts: list[ET.Element], reader: _Docx) -> list[str]:
    seen: list[str] = []
    for root in parts:
        text = "\n".join(p for p in reader.blocks(root) if p.strip())
        if text.strip() and text not in seen:
            seen.append(text)
    return seen


def docx_text(data: bytes, budget: Budget | None = None) -> Extracted:
    """Headers, the body (text boxes after their paragraph), footnotes, endnotes and footers,
    in that order, each extra part under a label; what is not imported is named."""
    budget = budget or Budget()
    parts = _read_parts(
        data,
        "word/document.xml",
        ["word/header*", "word/footnotes.xml", "word/endnotes.xml", "word/footer*"],
        budget,
    )
    reader = _Docx()
    out = _Text(budget)
    headers = [root for name, root in parts.items() if name.startswith("word/header")]
    footers = [root for name, root in parts.items() if name.startswith("word/footer")]
    out.section("Sidhuvud", _distinct(headers, reader))
    for paragraph in reader.blocks(parts["word/document.xml"]):
        out.add(paragraph)
    out.section("Fotnoter", reader.notes_of(parts.get("word/footnotes.xml"), "fotnot", "footnote"))
    out.section("Slutnoter", reader.notes_of(parts.get("word/endnotes.xml"), "slutnot", "endnote"))
    out.section("Sidfot", _distinct(footers, reader))
    left_out = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/comments.xml" in archive.namelist():
            left_out.append(_("Kommentarerna i marginalen importerades inte."))
    return Extracted("\n\n".join(out.paragraphs), left_out=tuple(left_out))


# ---- .odt ------------------------------------------------------------------------------------

TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
DRAW_NS = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ODT_SKIPPED = (f"{TEXT_NS}tracked-changes", f"{OFFICE_NS}annotation", f"{TEXT_NS}note-citation")


class _Odt:
    """ODF text in reading order: notes become ``[fotnot 1]`` with their text in a section of
    their own, frames (text boxes) follow their paragraph, deleted tracked changes and comments
    are left out, and ``<text:s text:c="N"/>`` counts against the budget before it is built."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.footnotes: list[str] = []
        self.endnotes: list[str] = []
        self.has_comments = False

    def blocks(self, element: ET.Element) -> list[str]:
        out: list[str] = []
        for child in element:
            if child.tag in _ODT_SKIPPED:
                self.has_comments |= child.tag == f"{OFFICE_NS}annotation"
                continue
            if child.tag in (f"{TEXT_NS}p", f"{TEXT_NS}h"):
                boxes: list[str] = []
                out.append(self.inline(child, boxes))
                out.extend(boxes)
            else:
                out.extend(self.blocks(child))
        return out

    def inline(self, node: ET.Element, boxes: list[str]) -> str:
        parts = [node.text or ""]
        for child in node:
            tag = child.tag
            if tag == f"{TEXT_NS}s":
                count = _space_count(child.get(f"{TEXT_NS}c", "1"))
                self.budget.add_chars(count)
                parts.append(" " * count)
            elif tag == f"{TEXT_NS}tab":
                parts.append("\t")
            elif tag == f"{TEXT_NS}line-break":
                parts.append("\n")
            elif tag == f"{TEXT_NS}note":
                parts.append(self.note(child))
            elif tag == f"{DRAW_NS}frame":
                boxes.extend(self.blocks(child))
            elif tag in _ODT_SKIPPED:
                self.has_comments |= tag == f"{OFFICE_NS}annotation"
            else:
                parts.append(self.inline(child, boxes))
            parts.append(child.tail or "")
        return "".join(parts)

    def note(self, element: ET.Element) -> str:
        is_endnote = element.get(f"{TEXT_NS}note-class") == "endnote"
        notes, kind = (self.endnotes, "slutnot") if is_endnote else (self.footnotes, "fotnot")
        body = element.find(f"{TEXT_NS}note-body")
        text = "\n".join(p for p in self.blocks(body) if p.strip()) if body is not None else ""
        notes.append(f"[{kind} {len(notes) + 1}] {text.strip()}")
        return f"[{kind} {len(notes)}]"


def _space_count(value: str) -> int:
    """ODF's repeated spaces: a non-negative integer; anything else counts as one space."""
    value = value.strip()
    return int(value) if value.isdecimal() and len(value) < 12 else 1


def odt_text(data: bytes, budget: Budget | None = None) -> Extracted:
    """Headers, the body, footnotes, endnotes and footers, in that order (as for .docx)."""
    budget = budget or Budget()
    parts = _read_parts(data, "content.xml", ["styles.xml"], budget)
    reader = _Odt(budget)
    out = _Text(budget)
    styles = parts.get("styles.xml")
    page_parts: dict[str, list[str]] = {"header": [], "footer": []}
    if styles is not None:
        for kind in page_parts:
            for element in styles.iter():
                if element.tag.startswith(f"{STYLE_NS}{kind}") and not element.tag.endswith(
                    "-style"
                ):
                    text = "\n".join(p for p in reader.blocks(element) if p.strip())
                    if text.strip() and text not in page_parts[kind]:
                        page_parts[kind].append(text)
    out.section("Sidhuvud", page_parts["header"])
    for paragraph in reader.blocks(parts["content.xml"]):
        out.add(paragraph)
    out.section("Fotnoter", reader.footnotes)
    out.section("Slutnoter", reader.endnotes)
    out.section("Sidfot", page_parts["footer"])
    left_out = [_("Kommentarerna i marginalen importerades inte.")] if reader.has_comments else []
    return Extracted("\n\n".join(out.paragraphs), left_out=tuple(left_out))


# ---- .pdf ------------------------------------------------------------------------------------


def pdf_text(data: bytes, budget: Budget | None = None) -> Extracted:
    """The text layer, page by page, with the number of pages, each page's decompressed
    content and the characters bounded before and while they are read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    budget = budget or Budget()
    pages: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        budget.count("max_pages", len(reader.pages), budget.limits.max_pages)
        for page in reader.pages:
            contents = page.get_contents()
            if contents is not None:
                size = len(contents.get_data())
                budget.count("max_page_bytes", size, budget.limits.max_page_bytes)
            text = (page.extract_text() or "").strip()
            budget.add_chars(len(text))
            budget.check_time()
            pages.append(text)
    except LimitExceeded:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ImportProblem(_("PDF-filen är skadad eller krypterad.")) from exc
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ImportProblem(
            _("PDF-filen har inget textlager (en inskannad bild?). Kör textigenkänning först.")
        )
    return Extracted(text)


_TIME = r"(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}"
_CUE_TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})")
_VOICE = re.compile(r"^<v(?:\.[^ >]*)?\s+(?P<speaker>[^>]+)>(?P<text>.*?)(?:</v>)?$")
_SPEAKER_PREFIX = re.compile(r"^(?P<speaker>[A-ZÅÄÖ][\wÅÄÖåäö .-]{0,40}):\s+(?P<text>.+)$")
_TAGS = re.compile(r"</?[a-z][^>]*>")


def _cue_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _speaker_and_text(lines: list[str]) -> tuple[str, str]:
    joined = " ".join(line.strip() for line in lines)
    if match := _VOICE.match(joined):
        return match["speaker"].strip(), _TAGS.sub("", match["text"]).strip()
    joined = _TAGS.sub("", joined).strip()
    if match := _SPEAKER_PREFIX.match(joined):
        return match["speaker"].strip(), match["text"].strip()
    return "", joined


def transcript_text(raw: str) -> Extracted:
    """WebVTT or SubRip: one line per cue, "Speaker: text", consecutive cues of one speaker
    joined into one paragraph; cues keep their times and offsets."""
    lines: list[str] = []
    cues: list[Cue] = []
    length = 0
    for block in _cue_blocks(raw):
        index = next((i for i, line in enumerate(block) if _CUE_TIMING.match(line)), None)
        if index is None:
            continue  # header, NOTE, STYLE or the SRT counter alone
        timing = _CUE_TIMING.match(block[index])
        assert timing is not None
        speaker, text = _speaker_and_text(block[index + 1 :])
        if not text:
            continue
        line = f"{speaker}: {text}" if speaker else text
        offset = length + (len(speaker) + 2 if speaker else 0)
        cues.append(
            Cue(timing["start"].replace(",", "."), timing["end"].replace(",", "."), speaker, offset)
        )
        lines.append(line)
        length += len(line) + 2
    if not cues:
        raise ImportProblem(_("Hittade inga repliker med tider i transkriptionen."))
    return Extracted("\n\n".join(lines), tuple(cues))


def check_size(size: int) -> None:
    if size > settings.MAX_UPLOAD_BYTES:
        raise ImportProblem(
            _("Filen är för stor (högst %(max)s).")
            % {"max": filesizeformat(settings.MAX_UPLOAD_BYTES)}
        )


def extract(name: str, data: bytes, budget: Budget | None = None) -> Extracted:
    """The text of an uploaded file, or ImportProblem (also when it would expand too far)."""
    budget = budget or Budget()
    check_size(len(data))
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportProblem(
            _("Filtypen tillåts inte. Tillåtna: %(types)s.")
            % {"types": ", ".join(s.lstrip(".") for s in SUFFIXES)}
        )
    if suffix in (".docx", ".odt") and not data.startswith(b"PK\x03\x04"):
        raise ImportProblem(_("Filen är skadad eller inte ett giltigt dokument."))
    if suffix == ".pdf" and not data.startswith(b"%PDF-"):
        raise ImportProblem(_("Filen är inte en PDF-fil."))
    readers: dict[str, Callable[[bytes, Budget], Extracted]] = {
        ".docx": docx_text,
        ".odt": odt_text,
        ".pdf": pdf_text,
    }
    try:
        if suffix in readers:
            extracted = readers[suffix](data, budget)
            text = normalise(extracted.text)
            if not text:
                raise ImportProblem(_("Dokumentet innehåller ingen text."))
            return replace(extracted, text=text)
        decoded = normalise(decode_text(data))
        budget.add_chars(len(decoded))
    except LimitExceeded as exc:
        raise ImportProblem(limit_message(exc)) from exc
    if suffix in (".vtt", ".srt"):
        return transcript_text(decoded)
    if not decoded:
        raise ImportProblem(_("Filen innehåller ingen text."))
    return Extracted(decoded)
