"""A structural check of REFI-QDA XML against the published schemas (Codebook.xsd and
Project-mrt2019.xsd, urn:QDA-XML:*:1.0): allowed children in sequence order, required
attributes, GUID and RGB patterns. Written from the XSDs for the elements Vardag writes."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

GUID = re.compile(
    r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$"
)
RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$")

# element: (ordered allowed children, required attributes, guid attributes)
PROJECT = {
    "Project": (
        [
            "Users",
            "CodeBook",
            "Variables",
            "Cases",
            "Sources",
            "Notes",
            "Links",
            "Sets",
            "Graphs",
            "Description",
            "NoteRef",
        ],
        {"name"},
        {"creatingUserGUID", "modifyingUserGUID"},
    ),
    "Users": (["User"], set(), set()),
    "User": ([], {"guid"}, {"guid"}),
    "CodeBook": (["Codes"], set(), set()),
    "Codes": (["Code"], set(), set()),
    "Code": (["Description", "NoteRef", "Code"], {"guid", "name", "isCodable"}, {"guid"}),
    "Sources": (["TextSource"], set(), set()),
    "TextSource": (
        [
            "Description",
            "PlainTextContent",
            "PlainTextSelection",
            "Coding",
            "NoteRef",
            "VariableValue",
        ],
        {"guid"},
        {"guid", "creatingUser", "modifyingUser"},
    ),
    "PlainTextSelection": (
        ["Description", "Coding", "NoteRef"],
        {"guid", "startPosition", "endPosition"},
        {"guid", "creatingUser", "modifyingUser"},
    ),
    "Coding": (["CodeRef"], {"guid"}, {"guid", "creatingUser"}),
    "CodeRef": ([], {"targetGUID"}, {"targetGUID"}),
    "Notes": (["Note"], set(), set()),
    "Note": (
        [
            "Description",
            "PlainTextContent",
            "PlainTextSelection",
            "Coding",
            "NoteRef",
            "VariableValue",
        ],
        {"guid"},
        {"guid"},
    ),
    "Description": ([], set(), set()),
    "PlainTextContent": ([], set(), set()),
    "NoteRef": ([], {"targetGUID"}, {"targetGUID"}),
    "Sets": (["Set"], set(), set()),
    "Set": (
        ["Description", "MemberCode", "MemberSource", "MemberNote"],
        {"guid", "name"},
        {"guid"},
    ),
    "MemberCode": ([], {"targetGUID"}, {"targetGUID"}),
    "MemberSource": ([], {"targetGUID"}, {"targetGUID"}),
    "MemberNote": ([], {"targetGUID"}, {"targetGUID"}),
}
CODEBOOK = {
    "CodeBook": (["Codes", "Sets"], set(), set()),
    "Codes": (["Code"], set(), set()),
    "Code": (["Description", "Code"], {"guid", "name", "isCodable"}, {"guid"}),
    "Description": ([], set(), set()),
    "Sets": (["Set"], set(), set()),
    "Set": (
        ["Description", "MemberCode", "MemberSource", "MemberNote"],
        {"guid", "name"},
        {"guid"},
    ),
    "MemberCode": ([], {"targetGUID"}, {"targetGUID"}),
    "MemberSource": ([], {"targetGUID"}, {"targetGUID"}),
    "MemberNote": ([], {"targetGUID"}, {"targetGUID"}),
}


def _check(element: ET.Element, ns: str, rules: dict, problems: list[str]) -> None:
    local = element.tag.removeprefix(f"{{{ns}}}")
    if local == element.tag or local not in rules:
        problems.append(f"unexpected element {element.tag}")
        return
    children, required, guids = rules[local]
    for attribute in required - set(element.attrib):
        problems.append(f"{local} lacks @{attribute}")
    for attribute in guids & set(element.attrib):
        if not GUID.match(element.attrib[attribute]):
            problems.append(f"{local}/@{attribute} is not a GUID")
    if "color" in element.attrib and not RGB.match(element.attrib["color"]):
        problems.append(f"{local}/@color is not #RGB")
    if "isCodable" in element.attrib and element.attrib["isCodable"] not in ("true", "false"):
        problems.append("isCodable is not boolean")
    if "creationDateTime" in element.attrib and not DATETIME.match(
        element.attrib["creationDateTime"]
    ):
        problems.append("creationDateTime is not xsd:dateTime")
    for attribute in ("startPosition", "endPosition"):
        if attribute in element.attrib and not element.attrib[attribute].isdigit():
            problems.append(f"{attribute} is not an integer")
    position = 0
    for child in element:
        name = child.tag.removeprefix(f"{{{ns}}}")
        if name not in children:
            problems.append(f"{name} not allowed in {local}")
            continue
        index = children.index(name)
        if index < position:
            problems.append(f"{name} out of order in {local}")
        position = index
        _check(child, ns, rules, problems)
    if local == "Codes" and len(element) == 0:
        problems.append("Codes needs at least one Code")


def project_problems(xml: bytes) -> list[str]:
    problems: list[str] = []
    _check(ET.fromstring(xml), "urn:QDA-XML:project:1.0", PROJECT, problems)
    return problems


def codebook_problems(xml: bytes) -> list[str]:
    problems: list[str] = []
    _check(ET.fromstring(xml), "urn:QDA-XML:codebook:1.0", CODEBOOK, problems)
    return problems
