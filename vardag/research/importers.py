"""Text out of uploaded files: .txt, .docx, .odt, .pdf (text layer), .vtt and .srt.

Every failure is an ImportProblem with a translated message; nothing here touches the database.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - only parsing files from signed-in staff

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (Swedish Word/Notepad exports)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportProblem(_("Filen verkar inte vara en textfil.")) from exc
        if "\x00" in text:
            raise ImportProblem(_("Filen verkar inte vara en textfil."))
        return text
    if b"\x00" in data:
        raise ImportProblem(_("Filen verkar inte vara en textfil."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _zip_xml(data: bytes, member: str) -> ET.Element:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(member)
            if info.file_size > MAX_XML_BYTES:
                raise ImportProblem(_("Dokumentet är för stort att läsa."))
            raw = archive.read(member)
        if b"<!DOCTYPE" in raw[:2000] or b"<!ENTITY" in raw[:4000]:
            raise ImportProblem(_("Dokumentet innehåller otillåtna XML-deklarationer."))
        return ET.fromstring(raw)  # noqa: S314 - DTDs refused above
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, EOFError) as exc:
        raise ImportProblem(_("Filen är skadad eller inte ett giltigt dokument.")) from exc


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    root = _zip_xml(data, "word/document.xml")
    paragraphs = []
    for paragraph in root.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n\n".join(p for p in paragraphs if p.strip())


TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _odt_inline(node: ET.Element) -> str:
    parts = [node.text or ""]
    for child in node:
        if child.tag == f"{TEXT_NS}s":
            parts.append(" " * int(child.get(f"{TEXT_NS}c", "1")))
        elif child.tag == f"{TEXT_NS}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT_NS}line-break":
            parts.append("\n")
        else:
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def odt_text(data: bytes) -> str:
    root = _zip_xml(data, "content.xml")
    paragraphs = [
        _odt_inline(node) for node in root.iter() if node.tag in (f"{TEXT_NS}p", f"{TEXT_NS}h")
    ]
    return "\n\n".join(p for p in paragraphs if p.strip())


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ImportProblem(_("PDF-filen är skadad eller krypterad.")) from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text.strip():
        raise ImportProblem(
            _("PDF-filen har inget textlager (en inskannad bild?). Kör textigenkänning först.")
        )
    return text


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


def extract(name: str, data: bytes) -> Extracted:
    """The text of an uploaded file, or ImportProblem."""
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
    readers: dict[str, Any] = {".docx": docx_text, ".odt": odt_text, ".pdf": pdf_text}
    if suffix in readers:
        text = normalise(readers[suffix](data))
        if not text:
            raise ImportProblem(_("Dokumentet innehåller ingen text."))
        return Extracted(text)
    decoded = normalise(decode_text(data))
    if suffix in (".vtt", ".srt"):
        return transcript_text(decoded)
    if not decoded:
        raise ImportProblem(_("Filen innehåller ingen text."))
    return Extracted(decoded)
