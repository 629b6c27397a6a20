"""REFI-QDA exchange (www.qdasoftware.org): codebooks (.qdc) and projects (.qdpx).

Pure data in and out: services turn a study into a RefiProject and back. Element order and
required attributes follow the published schemas Codebook.xsd (urn:QDA-XML:codebook:1.0) and
Project-mrt2019.xsd (urn:QDA-XML:project:1.0). Positions are character offsets (code points)
into the plain text, as the standard prescribes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree import ElementTree as ET  # noqa: S405 - parsing files from signed-in staff

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
GUID = re.compile(
    r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$"
)
RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
MAX_MEMBER_BYTES = 100 * 1024 * 1024


class RefiError(ValueError):
    """A .qdc/.qdpx that cannot be read; ``reason`` is a key the caller translates."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class RefiCode:
    guid: str
    name: str
    colour: str = ""
    description: str = ""
    children: list[RefiCode] = field(default_factory=list)


@dataclass(frozen=True)
class RefiCoding:
    guid: str
    start: int
    end: int
    code_guid: str
    user_guid: str = ""


@dataclass
class RefiSource:
    guid: str
    name: str
    text: str
    codings: list[RefiCoding] = field(default_factory=list)


@dataclass(frozen=True)
class RefiNote:
    guid: str
    name: str
    text: str
    target_guid: str = ""


@dataclass(frozen=True)
class RefiUser:
    guid: str
    name: str


@dataclass(frozen=True)
class RefiLeftOut:
    """A source, or part of one, that Vardag could not take in (told to the researcher).

    reason: "no_text" (a picture, or a PDF/recording without a text representation or
    transcript) or "codings" (the text came in; codings of page areas or of time did not).
    """

    kind: str  # the REFI element: PDFSource, PictureSource, AudioSource, VideoSource
    name: str
    reason: str
    count: int = 0


@dataclass
class RefiProject:
    name: str
    codes: list[RefiCode] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    users: list[RefiUser] = field(default_factory=list)
    description: str = ""
    left_out: list[RefiLeftOut] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _code_element(parent: ET.Element, ns: str, code: RefiCode) -> None:
    attrs = {"guid": code.guid, "name": code.name, "isCodable": "true"}
    if code.colour and RGB.match(code.colour):
        attrs["color"] = code.colour
    element = ET.SubElement(parent, f"{{{ns}}}Code", attrs)
    if code.description:
        ET.SubElement(element, f"{{{ns}}}Description").text = code.description
    for child in code.children:
        _code_element(element, ns, child)


def _serialise(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_xml(codes: list[RefiCode], origin: str = "Vardag") -> bytes:
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": origin})
    codes_element = ET.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    for code in codes:
        _code_element(codes_element, CODEBOOK_NS, code)
    return _serialise(root, CODEBOOK_NS)


def project_xml(project: RefiProject, origin: str = "Vardag") -> bytes:
    p = f"{{{PROJECT_NS}}}"
    root = ET.Element(
        f"{p}Project", {"name": project.name, "origin": origin, "creationDateTime": _now()}
    )
    if project.users:
        users = ET.SubElement(root, f"{p}Users")
        for user in project.users:
            ET.SubElement(users, f"{p}User", {"guid": user.guid, "name": user.name})
    if project.codes:
        codes = ET.SubElement(ET.SubElement(root, f"{p}CodeBook"), f"{p}Codes")
        for code in project.codes:
            _code_element(codes, PROJECT_NS, code)
    if project.sources:
        sources = ET.SubElement(root, f"{p}Sources")
        for source in project.sources:
            _source_element(sources, source)
    if project.notes:
        notes = ET.SubElement(root, f"{p}Notes")
        for note in project.notes:
            element = ET.SubElement(
                notes, f"{p}Note", {"guid": note.guid, "name": note.name or "memo"}
            )
            ET.SubElement(element, f"{p}PlainTextContent").text = note.text
    if project.description:
        ET.SubElement(root, f"{p}Description").text = project.description
    return _serialise(root, PROJECT_NS)


def _source_element(parent: ET.Element, source: RefiSource) -> None:
    p = f"{{{PROJECT_NS}}}"
    element = ET.SubElement(
        parent,
        f"{p}TextSource",
        {
            "guid": source.guid,
            "name": source.name,
            "plainTextPath": f"internal://{source.guid}.txt",
        },
    )
    for coding in source.codings:
        selection = ET.SubElement(
            element,
            f"{p}PlainTextSelection",
            {
                "guid": coding.guid,
                "startPosition": str(coding.start),
                "endPosition": str(coding.end),
            },
        )
        attrs = {"guid": _derived_guid(coding.guid)}
        if coding.user_guid:
            attrs["creatingUser"] = coding.user_guid
        coding_element = ET.SubElement(selection, f"{p}Coding", attrs)
        ET.SubElement(coding_element, f"{p}CodeRef", {"targetGUID": coding.code_guid})


def _derived_guid(guid: str) -> str:
    """A stable second guid for the Coding inside a selection (last hex digit shifted)."""
    last = guid[-1]
    return guid[:-1] + format((int(last, 16) + 1) % 16, "x")


def project_qdpx(project: RefiProject) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(project))
        for source in project.sources:
            archive.writestr(f"Sources/{source.guid}.txt", source.text.encode("utf-8"))
    return buffer.getvalue()


# ---- reading -------------------------------------------------------------------------------


def _parse(raw: bytes) -> ET.Element:
    if b"<!DOCTYPE" in raw[:4000] or b"<!ENTITY" in raw[:8000]:
        raise RefiError("invalid_xml", "DTD")
    try:
        return ET.fromstring(raw)  # noqa: S314 - DTDs refused above
    except ET.ParseError as exc:
        raise RefiError("invalid_xml", str(exc)) from exc


def _check_guid(value: str | None, what: str) -> str:
    if not value or not GUID.match(value):
        raise RefiError("bad_guid", what)
    return value.strip("{}").lower()


def _codes_from(parent: ET.Element, ns: str) -> list[RefiCode]:
    codes = []
    for element in parent.findall(f"{{{ns}}}Code"):
        name = element.get("name")
        if not name:
            raise RefiError("missing_attribute", "Code/@name")
        description = element.findtext(f"{{{ns}}}Description") or ""
        colour = element.get("color") or ""
        codes.append(
            RefiCode(
                guid=_check_guid(element.get("guid"), "Code/@guid"),
                name=name[:200],
                colour=colour if RGB.match(colour) and len(colour) == 7 else "",
                description=description,
                children=_codes_from(element, ns),
            )
        )
    return codes


def read_codebook(raw: bytes) -> list[RefiCode]:
    root = _parse(raw)
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise RefiError("not_codebook", root.tag)
    codes = root.find(f"{{{CODEBOOK_NS}}}Codes")
    if codes is None:
        raise RefiError("missing_element", "Codes")
    return _codes_from(codes, CODEBOOK_NS)


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise RefiError("missing_file", name) from exc
    if info.file_size > MAX_MEMBER_BYTES:
        raise RefiError("too_large", name)
    return archive.read(info)


def _source_text(archive: zipfile.ZipFile, element: ET.Element) -> str:
    inline = element.findtext(f"{{{PROJECT_NS}}}PlainTextContent")
    if inline is not None:
        return inline
    path = element.get("plainTextPath") or ""
    if not path:
        raise RefiError("missing_file", element.get("name") or "?")
    name = path.removeprefix("internal://")
    if path.startswith("relative://") or path.startswith("absolute://"):
        raise RefiError("external_file", path)
    raw = _read_member(archive, f"Sources/{name}")
    return raw.decode("utf-8-sig", errors="replace")


def _selections(element: ET.Element, text_length: int) -> list[RefiCoding]:
    p = f"{{{PROJECT_NS}}}"
    codings = []
    for selection in element.findall(f"{p}PlainTextSelection"):
        try:
            start, end = (
                int(selection.get("startPosition", "")),
                int(selection.get("endPosition", "")),
            )
        except ValueError as exc:
            raise RefiError("bad_position", selection.get("guid") or "?") from exc
        if not 0 <= start < end <= text_length:
            raise RefiError("bad_position", selection.get("guid") or "?")
        selection_guid = _check_guid(selection.get("guid"), "PlainTextSelection/@guid")
        for coding in selection.findall(f"{p}Coding"):
            ref = coding.find(f"{p}CodeRef")
            if ref is None:
                raise RefiError("missing_element", "CodeRef")
            codings.append(
                RefiCoding(
                    guid=selection_guid,
                    start=start,
                    end=end,
                    code_guid=_check_guid(ref.get("targetGUID"), "CodeRef/@targetGUID"),
                    user_guid=(coding.get("creatingUser") or "").strip("{}").lower(),
                )
            )
    return codings


def read_project(data: bytes) -> RefiProject:
    """Parse a .qdpx; RefiError for anything missing or malformed (caller imports nothing)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise RefiError("not_zip") from exc
    with archive:
        root = _parse(_read_member(archive, "project.qde"))
        p = f"{{{PROJECT_NS}}}"
        if root.tag != f"{p}Project":
            raise RefiError("not_project", root.tag)
        project = RefiProject(name=root.get("name") or "REFI-QDA")
        project.description = root.findtext(f"{p}Description") or ""
        for user in root.iterfind(f"{p}Users/{p}User"):
            project.users.append(
                RefiUser(_check_guid(user.get("guid"), "User/@guid"), user.get("name") or "")
            )
        codes = root.find(f"{p}CodeBook/{p}Codes")
        project.codes = _codes_from(codes, PROJECT_NS) if codes is not None else []
        for element in root.iterfind(f"{p}Sources/{p}TextSource"):
            text = _source_text(archive, element)
            project.sources.append(
                RefiSource(
                    guid=_check_guid(element.get("guid"), "TextSource/@guid"),
                    name=(element.get("name") or "källa")[:200],
                    text=text,
                    codings=_selections(element, len(text)),
                )
            )
        _read_other_sources(archive, root, project)
        for note in root.iterfind(f"{p}Notes/{p}Note"):
            project.notes.append(
                RefiNote(
                    guid=_check_guid(note.get("guid"), "Note/@guid"),
                    name=note.get("name") or "",
                    text=note.findtext(f"{p}PlainTextContent") or "",
                )
            )
    _check_code_refs(project)
    return project


def _read_other_sources(archive: zipfile.ZipFile, root: ET.Element, project: RefiProject) -> None:
    """PDFs, pictures and recordings: Vardag codes text, so it takes their text when the
    project has it — a PDF's text representation (with its text codings), a recording's
    transcript (its codings are tied to time, so they are left out) — and names the rest."""
    p = f"{{{PROJECT_NS}}}"
    for kind, text_child in (
        ("PDFSource", "Representation"),
        ("PictureSource", ""),
        ("AudioSource", "Transcript"),
        ("VideoSource", "Transcript"),
    ):
        for element in root.iterfind(f"{p}Sources/{p}{kind}"):
            name = (element.get("name") or "källa")[:200]
            texts = element.findall(f"{p}{text_child}") if text_child else []
            if not texts:
                project.left_out.append(RefiLeftOut(kind, name, "no_text"))
                continue
            for number, representation in enumerate(texts, start=1):
                text = _source_text(archive, representation)
                keeps_codings = kind == "PDFSource"
                suffix = f" ({number})" if len(texts) > 1 else ""
                project.sources.append(
                    RefiSource(
                        guid=_check_guid(representation.get("guid"), f"{text_child}/@guid"),
                        name=f"{name}{suffix}"[:200],
                        text=text,
                        codings=_selections(representation, len(text)) if keeps_codings else [],
                    )
                )
            # Codings of areas on a PDF page or of stretches of time cannot become text codings.
            dropped = sum(
                len(element.findall(f"{p}{selection}"))
                for selection in ("PDFSelection", "AudioSelection", "VideoSelection")
            ) + sum(len(t.findall(f"{p}TranscriptSelection")) for t in texts)
            if dropped:
                project.left_out.append(RefiLeftOut(kind, name, "codings", dropped))


def all_codes(codes: list[RefiCode]) -> list[RefiCode]:
    out = []
    for code in codes:
        out.append(code)
        out.extend(all_codes(code.children))
    return out


def _check_code_refs(project: RefiProject) -> None:
    known = {c.guid for c in all_codes(project.codes)}
    for source in project.sources:
        for coding in source.codings:
            if coding.code_guid not in known:
                raise RefiError("unknown_code", coding.code_guid)
