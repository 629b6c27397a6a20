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
from typing import IO
from xml.etree import ElementTree as ET  # noqa: S405 - writing; reading: bounds.parse_xml  # nosec B405

from vardag.core import tables
from vardag.research.bounds import (
    DEFAULT_LIMITS,
    Budget,
    LimitExceeded,
    Limits,
    XmlRefused,
    parse_xml,
)

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
GUID = re.compile(
    r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$"
)
RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
MAX_MEMBER_BYTES = 100 * 1024 * 1024


class RefiError(ValueError):
    """A .qdc/.qdpx that cannot be read; ``reason`` is a key the caller translates."""

    def __init__(self, reason: str, detail: str = "", limit: int = 0) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.limit = limit  # for reason "limit": the bound that was passed (detail names it)


@dataclass
class RefiCode:
    guid: str
    name: str
    colour: str = ""
    description: str = ""
    children: list[RefiCode] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)  # NoteRef: memos on this code


@dataclass(frozen=True)
class RefiCoding:
    guid: str
    start: int
    end: int
    code_guid: str
    user_guid: str = ""
    note_guids: list[str] = field(default_factory=list, compare=False)


@dataclass
class RefiSource:
    guid: str
    name: str
    text: str
    codings: list[RefiCoding] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RefiNote:
    guid: str
    name: str
    text: str
    target_guid: str = ""


@dataclass
class RefiSet:
    """A named group of codes (REFI-QDA Set); Vardag's theme. ``other_members`` counts sources
    and notes in the set, which a theme cannot hold."""

    guid: str
    name: str
    description: str = ""
    code_guids: list[str] = field(default_factory=list)  # guid_key() form
    other_members: int = 0


@dataclass
class RefiCodebook:
    codes: list[RefiCode] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)


@dataclass(frozen=True)
class RefiUser:
    guid: str
    name: str


@dataclass(frozen=True)
class RefiLeftOut:
    """A source, or part of one, that Vardag could not take in (told to the researcher).

    reason: "no_text" (a picture, or a PDF/recording without a text representation or
    transcript), "codings" (the text came in; codings of page areas or of time did not),
    "not_supported" (Cases, Variables, Links, Graphs: ``count`` of them) or "set_members"
    (a Set's sources or notes, which a theme cannot hold).
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
    sets: list[RefiSet] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _code_element(parent: ET.Element, ns: str, code: RefiCode, with_notes: bool) -> None:
    attrs = {"guid": code.guid, "name": code.name, "isCodable": "true"}
    if code.colour and RGB.match(code.colour):
        attrs["color"] = code.colour
    element = ET.SubElement(parent, f"{{{ns}}}Code", attrs)
    if code.description:
        ET.SubElement(element, f"{{{ns}}}Description").text = code.description
    if with_notes:
        _note_ref_elements(element, code.note_guids)
    for child in code.children:
        _code_element(element, ns, child, with_notes)


def _note_ref_elements(parent: ET.Element, note_guids: list[str]) -> None:
    for guid in note_guids:
        ET.SubElement(parent, f"{{{PROJECT_NS}}}NoteRef", {"targetGUID": guid})


def _sets_element(parent: ET.Element, ns: str, sets: list[RefiSet]) -> None:
    if not sets:
        return
    element = ET.SubElement(parent, f"{{{ns}}}Sets")
    for refi_set in sets:
        set_element = ET.SubElement(
            element, f"{{{ns}}}Set", {"guid": refi_set.guid, "name": refi_set.name}
        )
        if refi_set.description:
            ET.SubElement(set_element, f"{{{ns}}}Description").text = refi_set.description
        for code_guid in refi_set.code_guids:
            ET.SubElement(set_element, f"{{{ns}}}MemberCode", {"targetGUID": code_guid})


def _serialise(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_xml(
    codes: list[RefiCode], sets: list[RefiSet] | None = None, origin: str = "Vardag"
) -> bytes:
    """A .qdc: the codes and the Sets of codes (Vardag's themes)."""
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": origin})
    codes_element = ET.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    for code in codes:
        _code_element(codes_element, CODEBOOK_NS, code, with_notes=False)
    _sets_element(root, CODEBOOK_NS, sets or [])
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
            _code_element(codes, PROJECT_NS, code, with_notes=True)
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
    _sets_element(root, PROJECT_NS, project.sets)
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
        _note_ref_elements(selection, coding.note_guids)
    _note_ref_elements(element, source.note_guids)


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
#
# Files from MAXQDA, ATLAS.ti, NVivo and QualCoder differ in ways the standard allows: the
# folder `sources/` or `Sources/`, GUIDs in upper case or in braces, Sets in codebooks. GUIDs are
# kept as written (exports give them back the same way) and compared by guid_key().


def guid_key(value: str) -> str:
    """The form in which GUIDs are compared: no braces, lower case."""
    return value.strip().strip("{}").lower()


def _parse(raw: bytes | IO[bytes], budget: Budget) -> ET.Element:
    try:
        return parse_xml(raw, budget)
    except XmlRefused as exc:
        raise RefiError("invalid_xml", "DTD" if exc.reason == "dtd" else "XML") from exc
    except LimitExceeded as exc:
        raise RefiError("limit", exc.what, int(exc.limit)) from exc


def _check_guid(value: str | None, what: str) -> str:
    if not value or not GUID.match(value.strip()):
        raise RefiError("bad_guid", what)
    return value.strip()


def _codes_from(parent: ET.Element, ns: str, budget: Budget, found: list[int]) -> list[RefiCode]:
    codes = []
    for element in parent.findall(f"{{{ns}}}Code"):
        found[0] += 1
        if found[0] > budget.limits.max_codes:
            raise RefiError("limit", "max_codes", budget.limits.max_codes)
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
                children=_codes_from(element, ns, budget, found),
                note_guids=_note_refs(element, ns),
            )
        )
    return codes


def _note_refs(element: ET.Element, ns: str) -> list[str]:
    return [
        guid_key(ref.get("targetGUID") or "")
        for ref in element.findall(f"{{{ns}}}NoteRef")
        if ref.get("targetGUID")
    ]


def _sets_from(root: ET.Element, ns: str) -> list[RefiSet]:
    sets = []
    for element in root.iterfind(f"{{{ns}}}Sets/{{{ns}}}Set"):
        sets.append(
            RefiSet(
                guid=_check_guid(element.get("guid"), "Set/@guid"),
                name=(element.get("name") or "Set")[:200],
                description=element.findtext(f"{{{ns}}}Description") or "",
                code_guids=[
                    guid_key(_check_guid(m.get("targetGUID"), "MemberCode/@targetGUID"))
                    for m in element.findall(f"{{{ns}}}MemberCode")
                ],
                other_members=sum(
                    len(element.findall(f"{{{ns}}}{kind}"))
                    for kind in ("MemberSource", "MemberNote")
                ),
            )
        )
    return sets


def read_codebook(raw: bytes, limits: Limits = DEFAULT_LIMITS) -> RefiCodebook:
    """A .qdc: its codes (a tree) and its Sets."""
    budget = Budget(limits)
    root = _parse(raw, budget)
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise RefiError("not_codebook", root.tag)
    codes = root.find(f"{{{CODEBOOK_NS}}}Codes")
    if codes is None:
        raise RefiError("missing_element", "Codes")
    book = RefiCodebook(_codes_from(codes, CODEBOOK_NS, budget, [0]), _sets_from(root, CODEBOOK_NS))
    _check_set_members(book.codes, book.sets)
    return book


class _Archive:
    """The members of a .qdpx, found whatever the case of their path (`sources/` from MAXQDA,
    `Sources/` from the others)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.by_name = {info.filename.casefold(): info for info in archive.infolist()}

    def info(self, name: str) -> zipfile.ZipInfo:
        info = self.by_name.get(name.casefold())
        if info is None:
            raise RefiError("missing_file", name)
        if info.file_size > MAX_MEMBER_BYTES:
            raise RefiError("too_large", name)
        return info

    def open(self, name: str) -> IO[bytes]:
        return self.archive.open(self.info(name))

    def read(self, name: str) -> bytes:
        return self.archive.read(self.info(name))


def _source_text(archive: _Archive, element: ET.Element, budget: Budget) -> str:
    inline = element.findtext(f"{{{PROJECT_NS}}}PlainTextContent")
    if inline is not None:
        text = inline
    else:
        path = element.get("plainTextPath") or ""
        if not path:
            raise RefiError("missing_file", element.get("name") or "?")
        if path.startswith("relative://") or path.startswith("absolute://"):
            raise RefiError("external_file", path)
        name = path.removeprefix("internal://")
        try:
            text = tables.decode_text(archive.read(f"Sources/{name}"))[0]
        except tables.TableError as exc:
            raise RefiError("bad_text", element.get("name") or name) from exc
    try:
        budget.add_chars(len(text))
        budget.check_time()
    except LimitExceeded as exc:
        raise RefiError("limit", exc.what, int(exc.limit)) from exc
    return text


def _selections(
    element: ET.Element, text_length: int, counted: list[int], budget: Budget
) -> list[RefiCoding]:
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
            counted[0] += 1
            if counted[0] > budget.limits.max_codings:
                raise RefiError("limit", "max_codings", budget.limits.max_codings)
            ref = coding.find(f"{p}CodeRef")
            if ref is None:
                raise RefiError("missing_element", "CodeRef")
            codings.append(
                RefiCoding(
                    guid=selection_guid,
                    start=start,
                    end=end,
                    code_guid=_check_guid(ref.get("targetGUID"), "CodeRef/@targetGUID"),
                    user_guid=guid_key(coding.get("creatingUser") or ""),
                    note_guids=_note_refs(selection, PROJECT_NS),
                )
            )
    return codings


def read_project(data: bytes, limits: Limits = DEFAULT_LIMITS) -> RefiProject:
    """Parse a .qdpx; RefiError for anything missing, malformed or beyond the limits (the
    caller imports nothing then)."""
    budget = Budget(limits)
    try:
        zipped = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise RefiError("not_zip") from exc
    try:
        with zipped:
            archive = _Archive(zipped)
            with archive.open("project.qde") as stream:
                root = _parse(stream, budget)
            project = _project_from(root, archive, budget)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise RefiError("not_zip") from exc
    _check_code_refs(project)
    _check_set_members(project.codes, project.sets)
    return project


def _project_from(root: ET.Element, archive: _Archive, budget: Budget) -> RefiProject:
    p = f"{{{PROJECT_NS}}}"
    if root.tag != f"{p}Project":
        raise RefiError("not_project", root.tag)
    project = RefiProject(name=root.get("name") or "REFI-QDA")
    project.description = root.findtext(f"{p}Description") or ""
    for user in root.iterfind(f"{p}Users/{p}User"):
        project.users.append(
            RefiUser(guid_key(_check_guid(user.get("guid"), "User/@guid")), user.get("name") or "")
        )
    codes = root.find(f"{p}CodeBook/{p}Codes")
    project.codes = _codes_from(codes, PROJECT_NS, budget, [0]) if codes is not None else []
    text_sources = root.findall(f"{p}Sources/{p}TextSource")
    if len(text_sources) > budget.limits.max_sources:
        raise RefiError("limit", "max_sources", budget.limits.max_sources)
    counted = [0]
    for element in text_sources:
        text = _source_text(archive, element, budget)
        project.sources.append(
            RefiSource(
                guid=_check_guid(element.get("guid"), "TextSource/@guid"),
                name=(element.get("name") or "källa")[:200],
                text=text,
                codings=_selections(element, len(text), counted, budget),
                note_guids=_note_refs(element, PROJECT_NS),
            )
        )
    _read_other_sources(archive, root, project, budget, counted)
    for note in root.iterfind(f"{p}Notes/{p}Note"):
        project.notes.append(
            RefiNote(
                guid=_check_guid(note.get("guid"), "Note/@guid"),
                name=note.get("name") or "",
                text=note.findtext(f"{p}PlainTextContent") or "",
            )
        )
    project.sets = _sets_from(root, PROJECT_NS)
    for kind, path in (
        ("Cases", f"{p}Cases/{p}Case"),
        ("Variables", f"{p}Variables/{p}Variable"),
        ("Links", f"{p}Links/{p}Link"),
        ("Graphs", f"{p}Graphs/{p}Graph"),
    ):
        count = len(root.findall(path))
        if count:
            project.left_out.append(RefiLeftOut(kind, kind, "not_supported", count))
    return project


def _read_other_sources(
    archive: _Archive, root: ET.Element, project: RefiProject, budget: Budget, counted: list[int]
) -> None:
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
            if len(project.sources) + len(texts) > budget.limits.max_sources:
                raise RefiError("limit", "max_sources", budget.limits.max_sources)
            for number, representation in enumerate(texts, start=1):
                text = _source_text(archive, representation, budget)
                keeps_codings = kind == "PDFSource"
                suffix = f" ({number})" if len(texts) > 1 else ""
                project.sources.append(
                    RefiSource(
                        guid=_check_guid(representation.get("guid"), f"{text_child}/@guid"),
                        name=f"{name}{suffix}"[:200],
                        text=text,
                        codings=(
                            _selections(representation, len(text), counted, budget)
                            if keeps_codings
                            else []
                        ),
                        note_guids=_note_refs(element, PROJECT_NS),
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
    stack = list(reversed(codes))
    while stack:
        code = stack.pop()
        out.append(code)
        stack.extend(reversed(code.children))
    return out


def _check_code_refs(project: RefiProject) -> None:
    known = {guid_key(c.guid) for c in all_codes(project.codes)}
    for source in project.sources:
        for coding in source.codings:
            if guid_key(coding.code_guid) not in known:
                raise RefiError("unknown_code", coding.code_guid)


def _check_set_members(codes: list[RefiCode], sets: list[RefiSet]) -> None:
    known = {guid_key(c.guid) for c in all_codes(codes)}
    for refi_set in sets:
        for member in refi_set.code_guids:
            if member not in known:
                raise RefiError("unknown_code", member)
