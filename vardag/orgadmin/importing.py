"""Reading HR exports: CSV (`;` or `,`; UTF-8 with or without BOM, or Windows-1252) and XLSX.

`read_table` turns a file into headers and numbered rows, `propose_mapping` guesses which column
holds which field, and `parse_rows` validates each row into an `HrRow` or a `Rejection` with the
line number and a Swedish reason. Comparing the rows with the database is done in `planning`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vardag.core import tables
from vardag.core.models import Unit
from vardag.core.roles import Role

# The file cannot be read at all: a translated message for the admin (vardag.core.tables).
ImportFileError = tables.TableError
Table = tables.Table


@dataclass(frozen=True)
class Field:
    key: str
    label: Any
    is_required: bool
    synonyms: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field(
        "employee_id",
        gettext_lazy("Anställningsnummer"),
        True,
        ("anstallningsnummer", "anstnr", "anst nr", "personalnummer", "employee id", "employeeid"),
    ),
    Field("first_name", gettext_lazy("Förnamn"), True, ("fornamn", "first name", "givenname")),
    Field("last_name", gettext_lazy("Efternamn"), True, ("efternamn", "last name", "surname")),
    Field("email", gettext_lazy("E-post"), False, ("e-post", "epost", "email", "e-mail", "mail")),
    Field("title", gettext_lazy("Befattning"), False, ("befattning", "titel", "title")),
    Field("unit_code", gettext_lazy("Enhetskod"), True, ("enhetskod", "enhet kod", "unit code")),
    Field("unit_name", gettext_lazy("Enhetsnamn"), True, ("enhetsnamn", "enhet", "unit name")),
    Field(
        "parent_code",
        gettext_lazy("Överordnad enhetskod"),
        False,
        ("overordnad enhetskod", "overordnad enhet", "parent code", "parent unit code"),
    ),
    Field("unit_kind", gettext_lazy("Enhetstyp"), False, ("enhetstyp", "unit type", "unit kind")),
    Field("role", gettext_lazy("Roll"), False, ("roll", "role")),
    Field("starts_on", gettext_lazy("Startdatum"), False, ("startdatum", "fran", "start date")),
    Field("ends_on", gettext_lazy("Slutdatum"), False, ("slutdatum", "till", "end date")),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
REQUIRED_KEYS = tuple(f.key for f in FIELDS if f.is_required)
EMPLOYEE_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_.]+", " ", text).strip()


def read_table(content: bytes, file_name: str) -> Table:
    """Read a CSV or XLSX file into headers and numbered rows (vardag.core.tables)."""
    return tables.read_table(content, file_name)


def propose_mapping(headers: list[str]) -> dict[str, int | None]:
    """Guess the column of each field from the header names (Swedish or English)."""
    normalised = [_normalise(h) for h in headers]
    mapping: dict[str, int | None] = {}
    for f in FIELDS:
        names = {_normalise(str(f.label)), *(_normalise(s) for s in f.synonyms), f.key}
        mapping[f.key] = next((i for i, h in enumerate(normalised) if h in names), None)
    return mapping


@dataclass(frozen=True)
class HrRow:
    line: int
    employee_id: str
    first_name: str
    last_name: str
    email: str
    title: str
    unit_code: str
    unit_name: str
    parent_code: str
    unit_kind: str
    role: str
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str


def _parse_date(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _choice(text: str, choices: list[tuple[str, Any]]) -> str | None:
    wanted = _normalise(text)
    for value, label in choices:
        if wanted in {_normalise(value), _normalise(str(label))}:
            return value
    return None


def _cell(cells: list[str], mapping: dict[str, int | None], key: str) -> str:
    index = mapping.get(key)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def parse_row(line: int, cells: list[str], mapping: dict[str, int | None]) -> HrRow | Rejection:
    """Validate one row; a rejection carries the line number and a Swedish reason."""
    values = {key: _cell(cells, mapping, key) for key in FIELD_KEYS}
    missing = [str(f.label) for f in FIELDS if f.is_required and not values[f.key]]
    if missing:
        return Rejection(line, _("Saknar %(fields)s.") % {"fields": ", ".join(missing)})
    if not EMPLOYEE_ID_RE.match(values["employee_id"]):
        return Rejection(
            line,
            _(
                "Anställningsnumret får bara innehålla bokstäver a–z, siffror, punkt "
                "och bindestreck."
            ),
        )
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            return Rejection(
                line, _("Ogiltig e-postadress: %(value)s.") % {"value": values["email"]}
            )
    role = _choice(values["role"], list(Role.choices)) if values["role"] else Role.EMPLOYEE
    if role is None:
        return Rejection(line, _("Okänd roll: %(value)s.") % {"value": values["role"]})
    kind = _choice(values["unit_kind"], list(Unit.Kind.choices)) if values["unit_kind"] else "unit"
    if kind is None:
        return Rejection(line, _("Okänd enhetstyp: %(value)s.") % {"value": values["unit_kind"]})
    dates: dict[str, date | None] = {}
    for key in ("starts_on", "ends_on"):
        try:
            dates[key] = _parse_date(values[key]) if values[key] else None
        except ValueError:
            return Rejection(
                line, _("Ogiltigt datum: %(value)s (skriv ÅÅÅÅ-MM-DD).") % {"value": values[key]}
            )
    if dates["starts_on"] and dates["ends_on"] and dates["ends_on"] < dates["starts_on"]:
        return Rejection(line, _("Slutdatum är före startdatum."))
    if values["parent_code"] == values["unit_code"]:
        return Rejection(line, _("Enheten kan inte vara överordnad sig själv."))
    return HrRow(
        line=line,
        employee_id=values["employee_id"],
        first_name=values["first_name"][:150],
        last_name=values["last_name"][:150],
        email=values["email"],
        title=values["title"][:200],
        unit_code=values["unit_code"][:64],
        unit_name=values["unit_name"][:200],
        parent_code=values["parent_code"][:64],
        unit_kind=kind,
        role=role,
        starts_on=dates["starts_on"],
        ends_on=dates["ends_on"],
    )
