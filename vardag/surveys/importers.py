"""Import of answers from an earlier round (CSV or XLSX): upload → column mapping → dry run → apply.

1. `answer_import_upload` reads the file once (size, type, encoding, header row, row limit) and
   keeps it on the server as an `AnswerImport` bound to the uploader, the organisation and the
   round, with its SHA-256 and an expiry. The browser never carries the file between steps.
2. `propose_mapping` guesses a target for every column: an item code (exactly, then ignoring
   case, spaces and accents, then by the item's text), the respondent id, the unit, the role
   (manager/employee) or "ignore". The person corrects it on the mapping page.
3. `answer_import_check` is the dry run: every row is validated and every problem reported with
   its line number (a value outside the scale, a duplicate respondent id, an unknown unit or role,
   signs of a wrong encoding). Rows whose respondent id is already in the round are skipped, so
   importing the same file twice does not double the answers.
4. `answer_import_apply` re-reads the stored file with the stored mapping, checks again and saves
   every row in one transaction, or nothing. The file's content is then erased.

The earlier tool's respondent id is stored only as a keyed hash (HMAC with the site's secret), so
it can stop a double import without joining an answer to anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit, privacy, tables
from vardag.core.access import organisation_id, require
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.surveys import selectors
from vardag.surveys.models import Answer, AnswerImport, Audience, Item, Response, Round

IMPORT_LIFETIME = timedelta(hours=24)
MAX_ROWS = 100_000
MAX_COLUMNS = 500
MAX_REPORTED = 500  # problems kept for the report; the count is always complete

IGNORE, RESPONDENT, UNIT, AUDIENCE = "", "respondent", "unit", "audience"
ITEM_PREFIX = "item:"

AUDIENCES = {
    "employee": Audience.EMPLOYEE,
    "medarbetare": Audience.EMPLOYEE,
    "manager": Audience.MANAGER,
    "chef": Audience.MANAGER,
    "": Audience.OTHER,
    "other": Audience.OTHER,
    "övriga": Audience.OTHER,
    "ovriga": Audience.OTHER,
}
YES_NO = {"ja": 1.0, "yes": 1.0, "nej": 0.0, "no": 0.0}
SYNONYMS = {
    RESPONDENT: ("respondent", "respondent id", "respondentid", "id", "svarande", "svars id"),
    UNIT: ("unit", "enhet", "enhetskod", "unit code", "enhetsnamn", "arbetsplats"),
    AUDIENCE: ("audience", "role", "roll", "grupp", "chef medarbetare", "befattningstyp"),
}
MOJIBAKE = ("Ã¥", "Ã¤", "Ã¶", "Ã…", "Ã„", "Ã–", "\ufffd")


# The file cannot be read at all: a translated message for the person (vardag.core.tables).
ImportFileError = tables.TableError
Table = tables.Table


# ---- reading ---------------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> Table:
    """Headers and numbered rows of a CSV or XLSX file with answers, or ImportFileError."""
    table = tables.read_table(data, filename, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    if not table.rows:
        raise ImportFileError(_("Filen innehåller inga svar."))
    return table


# ---- mapping ---------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, no accents, runs of spaces, underscores, dots and dashes as one space."""
    text = unicodedata.normalize("NFKD", text.strip().casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_.\-:]+", " ", text).strip()


def importable_items(round_: Round) -> list[Item]:
    """The items an answer file can fill (multiple choice is not importable)."""
    return list(
        Item.objects.filter(version=round_.version)
        .exclude(kind=Item.Kind.MULTIPLE)
        .order_by("section__order", "order", "id")
    )


def _item_texts(item: Item) -> set[str]:
    texts = {item.text_sv, item.text_en, item.manager_text_sv, item.manager_text_en}
    return {normalise(t) for t in texts if t}


def propose_mapping(headers: list[str], items: list[Item]) -> list[str]:
    """A target for every column; each target at most once, the first fitting column wins."""
    rules: list[tuple[str, Any]] = [
        *((f"{ITEM_PREFIX}{i.code}", lambda h, raw, i=i: raw.strip() == i.code) for i in items),
        *((f"{ITEM_PREFIX}{i.code}", lambda h, raw, i=i: h == normalise(i.code)) for i in items),
        *((key, lambda h, raw, names=names: h in names) for key, names in SYNONYMS.items()),
        *((f"{ITEM_PREFIX}{i.code}", lambda h, raw, i=i: h in _item_texts(i)) for i in items),
    ]
    mapping = [IGNORE] * len(headers)
    taken: set[str] = set()
    for target, fits in rules:
        if target in taken:
            continue
        for index, raw in enumerate(headers):
            if mapping[index] == IGNORE and raw and fits(normalise(raw), raw):
                mapping[index] = target
                taken.add(target)
                break
    return mapping


def mapping_problems(mapping: list[str], items: Iterable[Item]) -> list[str]:
    """What is wrong with a chosen mapping (empty when it can be checked)."""
    codes = {f"{ITEM_PREFIX}{i.code}" for i in items}
    problems = []
    chosen = [t for t in mapping if t != IGNORE]
    if any(t not in codes and t not in SYNONYMS for t in chosen):
        problems.append(_("Okänt val i kopplingen."))
    if RESPONDENT not in chosen:
        problems.append(_("Välj kolumnen med respondent-id."))
    if not any(t.startswith(ITEM_PREFIX) for t in chosen):
        problems.append(_("Koppla minst en kolumn till en fråga."))
    twice = sorted({t for t in chosen if chosen.count(t) > 1})
    if twice:
        problems.append(
            _("Samma uppgift är vald för flera kolumner: %(targets)s.")
            % {"targets": ", ".join(t.removeprefix(ITEM_PREFIX) for t in twice)}
        )
    return problems


# ---- dry run ---------------------------------------------------------------------------------


@dataclass
class ImportReport:
    encoding: str = ""
    rows: int = 0
    valid: int = 0
    imported: int = 0
    error_count: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    same_file_applied_on: str = ""

    @property
    def is_ok(self) -> bool:
        return not self.error_count

    def add_error(self, line: int, problem: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append((line, problem))

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportReport:
        report = cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        report.errors = [(int(line), str(text)) for line, text in report.errors]
        report.skipped = [(int(line), str(text)) for line, text in report.skipped]
        return report

    def errors_by_line(self) -> list[tuple[int, list[str]]]:
        grouped: dict[int, list[str]] = {}
        for line, problem in self.errors:
            grouped.setdefault(line, []).append(problem)
        return sorted(grouped.items())


@dataclass(frozen=True)
class CleanRow:
    line: int
    ref_hash: str
    unit: Unit | None
    audience: str
    values: dict[str, Any]


def respondent_hash(round_id: int, ref: str) -> str:
    """A keyed hash of the earlier tool's respondent id (unique per round, joins no one)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"respondent:{round_id}:{ref}".encode(), hashlib.sha256).hexdigest()


def _number(raw: str) -> float | None:
    raw = raw.replace(",", ".").replace("\u2212", "-").strip()
    if raw == "":
        return None
    try:
        return float(raw)
    except ValueError:
        return float("nan")


def _value(item: Item, raw: str) -> tuple[Any, str]:
    """The stored value of one cell and a problem ("" when fine)."""
    if item.kind == Item.Kind.OPEN:
        return raw[:5000], ""
    if item.kind == Item.Kind.YES_NO and raw.casefold() in YES_NO:
        return YES_NO[raw.casefold()], ""
    value = _number(raw)
    if value is None:
        return None, ""
    if value != value or f"{value:g}" not in item.allowed_values():
        return None, _("%(code)s: värdet %(value)s ligger utanför skalan") % {
            "code": item.code,
            "value": raw,
        }
    return value, ""


class _Lookups:
    def __init__(self, round_: Round, items: list[Item]) -> None:
        self.round = round_
        self.items = {i.code: i for i in items}
        self.units: dict[str, Unit] = {}
        for unit in Unit.objects.filter(organisation_id=round_.organisation_id):
            self.units[normalise(unit.name)] = unit
            if unit.code:
                self.units.setdefault(normalise(unit.code), unit)
        self.existing = set(
            Response.objects.filter(round=round_)
            .exclude(respondent_ref="")
            .values_list("respondent_ref", flat=True)
        )


def _check_row(
    line: int, cells: list[str], mapping: list[str], lookups: _Lookups, seen: set[str]
) -> tuple[list[str], CleanRow | None, str]:
    """(problems, the clean row, why it is skipped)."""
    problems: list[str] = []
    by_target = {t: (cells[i] if i < len(cells) else "") for i, t in enumerate(mapping) if t}
    ref = by_target.get(RESPONDENT, "")
    ref_hash = respondent_hash(lookups.round.pk, ref)
    if not ref:
        problems.append(_("respondent-id saknas"))
    elif ref in seen:
        problems.append(_("respondent-id %(ref)s finns redan i filen") % {"ref": ref})
    seen.add(ref)
    if any(m in cell for cell in cells for m in MOJIBAKE):
        problems.append(_("tecken som tyder på fel teckenkodning (t.ex. Ã¤ i stället för ä)"))
    raw_unit = by_target.get(UNIT, "")
    unit = lookups.units.get(normalise(raw_unit)) if raw_unit else None
    if raw_unit and unit is None:
        problems.append(_("okänd enhet %(unit)s") % {"unit": raw_unit})
    audience = AUDIENCES.get(by_target.get(AUDIENCE, "").strip().casefold())
    if audience is None:
        problems.append(_("okänd grupp %(value)s") % {"value": by_target.get(AUDIENCE)})
    values: dict[str, Any] = {}
    for target, raw in by_target.items():
        if target.startswith(ITEM_PREFIX):
            item = lookups.items[target.removeprefix(ITEM_PREFIX)]
            values[item.code], problem = _value(item, raw)
            if problem:
                problems.append(problem)
    if problems:
        return problems, None, ""
    if ref_hash in lookups.existing:
        return [], None, _("respondent-id %(ref)s är redan importerat i omgången") % {"ref": ref}
    if all(v in (None, "") for v in values.values()):
        return [], None, _("raden har inga svar")
    return [], CleanRow(line, ref_hash, unit, str(audience), values), ""


def check_rows(
    round_: Round, table: Table, mapping: list[str], items: list[Item]
) -> tuple[ImportReport, list[CleanRow]]:
    """Validate every row: the dry-run report and the rows that would be saved."""
    report = ImportReport(encoding=table.encoding_label, rows=len(table.rows))
    report.ignored_columns = [
        h for h, t in zip(table.headers, mapping, strict=False) if not t and h
    ]
    lookups = _Lookups(round_, items)
    seen: set[str] = set()
    clean: list[CleanRow] = []
    for line, cells in table.rows:
        problems, row, skipped = _check_row(line, cells, mapping, lookups, seen)
        for problem in problems:
            report.add_error(line, problem)
        if skipped:
            report.skipped.append((line, skipped))
        if row is not None:
            clean.append(row)
    report.valid = len(clean)
    return report, clean


# ---- the stored import (selectors and services) ------------------------------------------------


def can_import(actor: Actor) -> bool:
    return selectors.can_manage(actor)


def access_answer_import(actor: Actor, round_: Round, import_id: int) -> AnswerImport:
    """The actor's own import for this round; anyone else's (or an unknown one) is a 404."""
    return get_object_or_404(
        AnswerImport.objects.filter(
            organisation_id=organisation_id(actor), round=round_, created_by=actor
        ),
        pk=import_id,
    )


def answer_import_purge_expired(*, now: Any = None) -> int:
    """Erase the content of imports past their expiry (called on every upload)."""
    now = now or timezone.now()
    return AnswerImport.objects.filter(
        expires_at__lte=now, status__in=[AnswerImport.Status.UPLOADED, AnswerImport.Status.CHECKED]
    ).update(content=b"", status=AnswerImport.Status.EXPIRED)


@transaction.atomic
def answer_import_upload(
    *, actor: Actor, round_: Round, file_name: str, content: bytes
) -> AnswerImport:
    """Read the file once, keep it on the server and propose a column mapping."""
    require(can_import(actor) and round_.organisation_id == organisation_id(actor))
    answer_import_purge_expired()
    table = read_table(content, file_name)
    answer_import = AnswerImport.objects.create(
        organisation_id=round_.organisation_id,
        round=round_,
        created_by=actor,
        file_name=file_name[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        encoding=table.encoding_label,
        headers=table.headers,
        mapping=propose_mapping(table.headers, importable_items(round_)),
        report={"samples": _samples(table)},
        expires_at=timezone.now() + IMPORT_LIFETIME,
    )
    audit.record(
        actor,
        "round.answers_uploaded",
        target=round_,
        data={"file": answer_import.file_name, "rows": len(table.rows), "import": answer_import.pk},
    )
    return answer_import


def _samples(table: Table) -> list[str]:
    """A few example values per column, to help the person recognise it on the mapping page."""
    samples = []
    for index in range(len(table.headers)):
        seen: list[str] = []
        for _line, cells in table.rows[:50]:
            value = cells[index][:20] if index < len(cells) else ""
            if value and value not in seen:
                seen.append(value)
            if len(seen) == 3:
                break
        samples.append(", ".join(seen))
    return samples


def _usable(answer_import: AnswerImport) -> None:
    if answer_import.status == AnswerImport.Status.APPLIED:
        raise ValidationError(_("Filen är redan importerad."))
    if answer_import.status == AnswerImport.Status.EXPIRED or (
        answer_import.expires_at <= timezone.now()
    ):
        raise ValidationError(_("Uppladdningen har gått ut. Ladda upp filen igen."))


def _dry_run(answer_import: AnswerImport) -> tuple[ImportReport, list[CleanRow], list[Item]]:
    round_ = answer_import.round
    items = importable_items(round_)
    table = read_table(bytes(answer_import.content), answer_import.file_name)
    report, clean = check_rows(round_, table, list(answer_import.mapping), items)
    earlier = (
        AnswerImport.objects.filter(
            round=round_, sha256=answer_import.sha256, status=AnswerImport.Status.APPLIED
        )
        .order_by("-applied_at")
        .first()
    )
    if earlier is not None and earlier.applied_at:
        report.same_file_applied_on = timezone.localtime(earlier.applied_at).strftime("%Y-%m-%d")
    return report, clean, items


@transaction.atomic
def answer_import_check(
    *, actor: Actor, answer_import: AnswerImport, mapping: list[str]
) -> ImportReport:
    """Save the mapping and make the dry run; nothing is imported."""
    require(can_import(actor))
    _usable(answer_import)
    problems = mapping_problems(mapping, importable_items(answer_import.round))
    if len(mapping) != len(answer_import.headers):
        problems.append(_("Kopplingen passar inte filens kolumner."))
    if problems:
        raise ValidationError(problems)
    answer_import.mapping = mapping
    report, _clean, _items = _dry_run(answer_import)
    answer_import.report = {**report.as_json(), "samples": answer_import.report.get("samples", [])}
    answer_import.status = AnswerImport.Status.CHECKED
    answer_import.save(update_fields=["mapping", "report", "status"])
    audit.record(
        actor,
        "round.answers_checked",
        target=answer_import.round,
        data={"import": answer_import.pk, "rows": report.rows, "errors": report.error_count},
    )
    return report


@transaction.atomic
def answer_import_apply(*, actor: Actor, answer_import: AnswerImport) -> ImportReport:
    """Check again and save every valid row in one transaction, or nothing at all."""
    require(can_import(actor))
    answer_import = AnswerImport.objects.select_for_update().get(pk=answer_import.pk)
    _usable(answer_import)
    if answer_import.status != AnswerImport.Status.CHECKED:
        raise ValidationError(_("Provkör importen först."))
    report, clean, items = _dry_run(answer_import)
    if not report.is_ok:
        raise ValidationError(_("Inget har importerats: rätta raderna med fel och ladda upp igen."))
    if not clean:
        raise ValidationError(_("Det finns inga nya svar att importera."))
    try:
        with transaction.atomic():
            _save(answer_import.round, {i.code: i for i in items}, clean)
    except IntegrityError as exc:  # the same respondent imported at the same moment
        raise ValidationError(_("Svaren ändrades under tiden. Provkör igen.")) from exc
    report.imported = len(clean)
    answer_import.report = {**report.as_json(), "samples": answer_import.report.get("samples", [])}
    answer_import.status = AnswerImport.Status.APPLIED
    answer_import.applied_at = timezone.now()
    answer_import.content = b""
    answer_import.save(update_fields=["report", "status", "applied_at", "content"])
    audit.record(
        actor,
        "round.answers_imported",
        target=answer_import.round,
        data={"import": answer_import.pk, "rows": len(clean), "skipped": len(report.skipped)},
    )
    return report


def _save(round_: Round, items: dict[str, Item], clean: list[CleanRow]) -> None:
    today = timezone.localdate()
    responses = Response.objects.bulk_create(
        [
            Response(
                round=round_,
                unit=row.unit,
                audience=row.audience,
                submitted_on=today,
                source=Response.Source.IMPORT,
                respondent_ref=row.ref_hash,
            )
            for row in clean
        ]
    )
    if any(r.pk is None for r in responses):  # backends without RETURNING ids
        by_ref = dict(
            Response.objects.filter(
                round=round_, respondent_ref__in=[r.ref_hash for r in clean]
            ).values_list("respondent_ref", "id")
        )
        for response in responses:
            response.pk = by_ref[response.respondent_ref]
    answers = []
    for response, row in zip(responses, clean, strict=True):
        for code, value in row.values.items():
            item = items[code]
            if item.kind == Item.Kind.OPEN:
                if value:
                    text = privacy.redact(value, first_names=privacy.SWEDISH_FIRST_NAMES).text
                    answers.append(Answer(response_id=response.pk, item=item, text=text))
            elif value is not None:
                answers.append(Answer(response_id=response.pk, item=item, value=value))
    Answer.objects.bulk_create(answers, batch_size=2000)


# ---- one step (tests, commands) ----------------------------------------------------------------


def import_answers(*, actor: Actor, round_: Round, data: bytes, filename: str) -> ImportReport:
    """Upload, map by the proposal, check and apply in one go; the report says what happened."""
    try:
        answer_import = answer_import_upload(
            actor=actor, round_=round_, file_name=filename, content=data
        )
    except ImportFileError as exc:
        report = ImportReport()
        for message in exc.messages:
            report.add_error(0, message)
        return report
    try:
        report = answer_import_check(
            actor=actor, answer_import=answer_import, mapping=list(answer_import.mapping)
        )
    except ValidationError as exc:
        report = ImportReport(encoding=answer_import.encoding)
        for message in exc.messages:
            report.add_error(0, message)
        return report
    if not report.is_ok:
        return report
    try:
        return answer_import_apply(actor=actor, answer_import=answer_import)
    except ValidationError as exc:
        for message in exc.messages:
            report.add_error(0, message)
        return report
