"""A person's data as a ZIP of JSON and CSV files: "download my data" on Mitt konto, and the
register extract (GDPR art. 15) an organisation admin downloads for a person (orgadmin). Both are
`export_zip(person)`.

Apps above accounts contribute their part with `register(name, collect, model=...)` in
AppConfig.ready(); `collect(user)` returns a list of flat dicts about that person only, keyed by
field names of `model` (`forum__name` through a relation). An app may also add a column in words
to its model's rows with `register_words(...)` (records: an erasure request's plan as sentences,
beside the stored plan). Every other model with a key to the
user model is exported from the personal data register (vardag.core.register): the rows where the
person is named, with every field except those the register leaves out (`secret`, and `machine`:
search indexes, request keys, checksums), so a model added later is in the export without anyone
remembering it.

The person reads it in the language chosen (the active one): one file per kind of record named by
the model's plural verbose name, columns by the fields' verbose names, choices by their labels,
times in Swedish time (settings.TIME_ZONE) to the second, the person's own uploaded files beside
the rows that name them, and a README listing what is stored and what is not.
"""

from __future__ import annotations

import io
import json
import posixpath
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist, SuspiciousFileOperation
from django.db.models import Field, Model, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.text import capfirst, get_valid_filename, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vardag.accounts.models import ApiToken, Membership, User, UserSession
from vardag.core import register as data_register
from vardag.core import tables
from vardag.core.audit_labels import action_label, kind_label
from vardag.core.models import AuditEvent

Collector = Callable[[User], list[dict[str, Any]]]
_registry: dict[str, Collector] = {}
_models: dict[str, type[Model]] = {}
_titles: dict[str, Promise] = {}


Words = Callable[[Any], str]
# Columns in words that apps above accounts add to a model's rows (`register_words`): model label
# -> (column key, header, render).
_word_columns: dict[str, list[tuple[str, Promise, Words]]] = {}
_column_titles: dict[str, Promise] = {}


def register_words(model: str, key: str, header: Promise, render: Words) -> None:
    """Add to the rows of `model` ("records.ErasureRequest") a column `key` with what `render(row)`
    says of the row in words (in the export's language), beside the stored fields, which stay for
    machines. Called in AppConfig.ready() by the app that knows how to say it (accounts may not
    import it): records gives an erasure request's plan as the sentences its page shows."""
    columns = [entry for entry in _word_columns.get(model, []) if entry[0] != key]
    _word_columns[model] = [*columns, (key, header, render)]
    _column_titles[key] = header


def _dicts(rows: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in rows]


def register(
    name: str,
    collect: Collector,
    *,
    model: type[Model] | None = None,
    title: Promise | None = None,
) -> None:
    """`model` names the rows' fields (headers, choices); `title` the file, else the model's
    plural verbose name."""
    _registry[name] = collect
    if model is not None:
        _models[name] = model
    if title is not None:
        _titles[name] = title


def _profile(user: User) -> list[dict[str, Any]]:
    return [
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "title": user.title,
            "organisation": str(user.organisation or ""),
            "external_id": user.external_id,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    ]


def _memberships(user: User) -> list[dict[str, Any]]:
    return [
        {
            "unit": m.unit.name,
            "role": m.role,
            "starts_on": m.starts_on,
            "ends_on": m.ends_on,
            "source": m.source,
        }
        for m in user.memberships.select_related("unit")
    ]


def _tokens(user: User) -> list[dict[str, Any]]:
    return _dicts(
        user.api_tokens.values("name", "prefix", "created_at", "last_used_at", "revoked_at")
    )


SIGN_IN_METHODS: dict[str, Promise] = {
    "password": gettext_lazy("lösenord"),
    "oidc": gettext_lazy("organisationens inloggning (SSO)"),
}


def _sessions(user: User) -> list[dict[str, Any]]:
    rows = _dicts(
        user.browser_sessions.values(
            "user_agent", "ip_address", "method", "created_at", "last_seen_at", "ended_at"
        )
    )
    for row in rows:  # the method in words, not its code
        row["method"] = str(SIGN_IN_METHODS.get(row["method"], row["method"]))
    return rows


def _actions(user: User) -> list[dict[str, Any]]:
    """The person's own audit events; the action and the object's kind in words
    (`core.audit_labels`, the registry the event log uses), not as codes."""
    rows = _dicts(
        AuditEvent.objects.filter(actor=user).values(
            "created_at", "action", "target_type", "target_id", "target_label"
        )
    )
    for row in rows:
        row["action"] = action_label(row["action"])
        row["target_type"] = kind_label(row["target_type"]) if row["target_type"] else ""
    return rows


register("profile", _profile, model=User, title=gettext_lazy("profil"))
register("memberships", _memberships, model=Membership)
register("api_tokens", _tokens, model=ApiToken)
register("sessions", _sessions, model=UserSession)
register("actions", _actions, model=AuditEvent, title=gettext_lazy("mina händelser i loggen"))

# Words for common fields declared without a verbose name (Django would show the field's English
# name, "created at"); a field's own verbose name always wins.
FIELD_LABELS: dict[str, Promise] = {
    "id": gettext_lazy("nummer"),
    "created_at": gettext_lazy("skapad"),
    "updated_at": gettext_lazy("ändrad"),
    "submitted_at": gettext_lazy("inlämnad"),
    "action": gettext_lazy("händelse"),
    "target_type": gettext_lazy("slag av objekt"),
    "target_id": gettext_lazy("objektets nummer"),
    "target_label": gettext_lazy("objekt"),
    "idea": gettext_lazy("idé"),
    "user": gettext_lazy("person"),
    "owner": gettext_lazy("ägare"),
    "actor": gettext_lazy("utförd av"),
    "uploaded_by": gettext_lazy("uppladdad av"),
    "file": gettext_lazy("fil"),
    "content_type": gettext_lazy("filtyp"),
    "size": gettext_lazy("storlek (byte)"),
    "kind": gettext_lazy("slag"),
    "status": gettext_lazy("status"),
    "stage": gettext_lazy("steg"),
    "process_model": gettext_lazy("processmodell"),
    "unit": gettext_lazy("enhet"),
    "forum": gettext_lazy("forum"),
    "meeting": gettext_lazy("möte"),
    "text": gettext_lazy("text"),
    "version": gettext_lazy("version"),
    "title": gettext_lazy("rubrik"),
    "name": gettext_lazy("namn"),
    "description": gettext_lazy("beskrivning"),
    "body": gettext_lazy("meddelande"),
    "url": gettext_lazy("adress"),
    "read_at": gettext_lazy("läst"),
    "emailed_at": gettext_lazy("skickad med e-post"),
    "due_on": gettext_lazy("klar senast"),
    "done_at": gettext_lazy("klar"),
    "starts_at": gettext_lazy("börjar"),
    "purpose": gettext_lazy("syfte"),
    "role": gettext_lazy("roll"),
    "decision": gettext_lazy("beslut"),
    "message": gettext_lazy("meddelande"),
    "result": gettext_lazy("resultat"),
    "state_before_hold": gettext_lazy("status före vilande"),
    "overdue_flagged_on": gettext_lazy("försening flaggad"),
    "revisit_flagged_on": gettext_lazy("påminnelse om att ta upp igen"),
    "hours_granted": gettext_lazy("beviljade timmar"),
    "amount_granted_sek": gettext_lazy("beviljat belopp (kr)"),
    "merged_into": gettext_lazy("sammanslagen med"),
    "outcome": gettext_lazy("utfall"),
    "created_by": gettext_lazy("registrerad av"),
    "handled_at": gettext_lazy("hanterad"),
    "round": gettext_lazy("enkätomgång"),
    "audience": gettext_lazy("svarar som"),
    "is_used": gettext_lazy("använd"),
    "reminders_sent": gettext_lazy("påminnelser skickade"),
}


def _field_value(row: Model, name: str) -> Any:
    field = row._meta.get_field(name)
    if field.many_to_many:
        return [str(related) for related in getattr(row, name).all()]
    if field.is_relation:
        related = getattr(row, name)
        return "" if related is None else str(related)
    return getattr(row, name)  # a FieldFile stays one: the export adds the file itself


def register_collectors() -> dict[str, Collector]:
    """One collector per registered model with a key to the user model and no own collector."""
    collectors: dict[str, Collector] = {}
    entries = data_register.entries()
    for model in data_register.vardag_models():
        entry = entries.get(model._meta.label)
        keys = data_register.user_keys(model)
        if entry is None or not keys or entry.collectors or entry.not_exported:
            continue
        left_out = data_register.left_out_of_export(entry)
        names = [n for n in data_register.concrete_fields(model) if n not in left_out]

        def collect(
            user: User, model: Any = model, keys: list[str] = keys, names: list[str] = names
        ) -> list[dict[str, Any]]:
            query = Q()
            for key in keys:
                query |= Q(**{key: user})
            rows = model.objects.filter(query).distinct().order_by("pk")
            words = _word_columns.get(model._meta.label, [])
            return [
                {name: _field_value(row, name) for name in names}
                | {key: render(row) for key, _header, render in words}
                for row in rows
            ]

        name = model._meta.label.replace(".", "_").lower()
        collectors[name] = collect
        _models.setdefault(name, model)
    return collectors


def collectors() -> dict[str, Collector]:
    return {**register_collectors(), **_registry}


# --- What the person reads ---------------------------------------------------------------------


@dataclass
class Part:
    """One kind of record in the export: its file, its columns in words, its rows."""

    name: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    files: dict[str, FieldFile] = field(default_factory=dict)  # path in the ZIP -> stored file


def _resolve(model: type[Model] | None, key: str) -> list[Field[Any, Any]]:
    """The fields along `key` (`forum__name`), or [] when it names none."""
    found: list[Field[Any, Any]] = []
    current = model
    for part in key.split("__"):
        if current is None:
            return []
        try:
            step = current._meta.get_field(part)
        except FieldDoesNotExist:
            return []
        if not isinstance(step, Field):
            return []
        found.append(step)
        current = step.related_model if step.is_relation else None  # type: ignore[assignment]
    return found


def _words(step: Field[Any, Any]) -> str:
    """A field's verbose name, or the common word for a field declared without one."""
    own = step.verbose_name
    if step.primary_key and step.name == "id":
        return str(FIELD_LABELS["id"])
    if isinstance(own, str) and own == step.name.replace("_", " ") and step.name in FIELD_LABELS:
        return str(FIELD_LABELS[step.name])
    return str(own)


def _header(model: type[Model] | None, key: str) -> str:
    path = _resolve(model, key)
    if not path:
        given = _column_titles.get(key) or FIELD_LABELS.get(key)
        return str(capfirst(str(given))) if given is not None else key
    first, last = path[0], path[-1]
    if len(path) == 1 or last.name in {"name", "title"}:
        return str(capfirst(_words(first)))
    return f"{capfirst(_words(first))}: {_words(last)}"


def _time(value: datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)  # settings.TIME_ZONE: Europe/Stockholm
    return value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")


def _shown(value: Any, path: list[Field[Any, Any]]) -> Any:
    """A value as the person reads it: a choice's label, a local time to the second, yes/no."""
    last = path[-1] if path else None
    if last is not None and last.choices and value not in (None, ""):
        return str(dict(last.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return _time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, Decimal):
        return number_format(value)
    if isinstance(value, UUID | Promise):
        return str(value)
    if isinstance(value, list):
        return [_shown(item, []) for item in value]
    return value


def _title(name: str) -> str:
    if name in _titles:
        return str(_titles[name])
    model = _models.get(name)
    return str(model._meta.verbose_name_plural) if model is not None else name


def _file_name(title: str, row: dict[str, Any], stored: FieldFile, number: int) -> str:
    """Where an uploaded file goes in the ZIP: files/<kind>/<row>-<its own name>."""
    given = row.get("name")
    original = given if isinstance(given, str) and given else posixpath.basename(stored.name or "")
    try:
        base = get_valid_filename(original or "fil")
    except SuspiciousFileOperation:  # nothing usable left of the name ("..", "???")
        base = "fil"
    return f"{_('filer')}/{slugify(title) or 'fil'}/{number}-{base}"


def parts(user: User) -> tuple[list[Part], list[str]]:
    """The export's parts with rows, and the titles of those where nothing is stored."""
    found: list[Part] = []
    empty: list[str] = []
    for name, collect in sorted(collectors().items()):
        rows = collect(user)
        title = _title(name)
        if not rows:
            empty.append(str(capfirst(title)))
            continue
        model = _models.get(name)
        keys = list(rows[0])
        paths = {key: _resolve(model, key) for key in keys}
        headers = _unique([_header(model, key) for key in keys], keys)
        part = Part(name, title, headers, [])
        for number, row in enumerate(rows, start=1):
            shown = []
            for key in keys:
                value = row[key]
                if isinstance(value, FieldFile):
                    if value.name and value.storage.exists(value.name):
                        path = _file_name(title, row, value, number)
                        part.files[path] = value
                        value = path
                    else:
                        value = ""
                shown.append(_shown(value, paths[key]))
            part.rows.append(shown)
        found.append(part)
    _unique_file_names(found)
    return found, sorted(empty)


def _unique_file_names(found: list[Part]) -> None:
    """File names from the titles, slugified; a title two models share gets the model's app."""
    stems = [slugify(part.title) or part.name for part in found]
    for part, stem in zip(found, stems, strict=True):
        part.name = stem if stems.count(stem) == 1 else f"{stem}-{part.name.replace('_', '-')}"


def _unique(headers: list[str], keys: list[str]) -> list[str]:
    """Headers as columns of one file: two the same get their field's name."""
    return [
        f"{header} ({key})" if headers.count(header) > 1 else header
        for header, key in zip(headers, keys, strict=True)
    ]


def _cell(value: Any) -> Any:
    if isinstance(value, dict):  # stored structured data: JSON, as in the .json file
        return json.dumps(value, default=str, ensure_ascii=False)
    return ", ".join(str(item) for item in value) if isinstance(value, list) else value


def _csv(part: Part) -> str:
    return tables.csv_text([part.headers, *([_cell(v) for v in row] for row in part.rows)])


def _json(part: Part) -> str:
    rows = [dict(zip(part.headers, row, strict=True)) for row in part.rows]
    return json.dumps(rows, default=str, ensure_ascii=False, indent=2)


def _readme(user: User, found: list[Part], empty: list[str]) -> str:
    now = _time(timezone.now())
    lines = [
        _("Vardag: uppgifter om %(person)s (%(username)s), %(time)s.")
        % {"person": user.get_full_name() or user.username, "username": user.username, "time": now},
        "",
        _(
            "Varje slag av uppgift finns som JSON och som CSV (semikolon, UTF-8). Tider är svensk "
            "tid (Europe/Stockholm). Filer du har laddat upp ligger i mappen för sitt slag."
        ),
        "",
        _("Sparat:"),
    ]
    for part in found:
        count = ngettext("%(count)d rad", "%(count)d rader", len(part.rows)) % {
            "count": len(part.rows)
        }
        lines.append(f"- {capfirst(part.title)}: {part.name}.json, {part.name}.csv ({count})")
        lines += [f"  {path}" for path in part.files]
    lines += ["", _("Inget sparat:")]
    lines += [f"- {title}" for title in empty] or ["-"]
    lines += [
        "",
        _(
            "Lösenord, nycklar och sådant som bara är maskineri (sökindex, engångsnycklar, "
            "kontrollsummor) lämnas inte ut: det står i Vardags register över personuppgifter."
        ),
    ]
    return "\n".join(lines) + "\n"


def export_zip(user: User) -> bytes:
    """Everything Vardag holds about `user`, in the active language."""
    found, empty = parts(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_("LÄSMIG.txt"), _readme(user, found, empty))
        for part in found:
            archive.writestr(f"{part.name}.json", _json(part))
            archive.writestr(f"{part.name}.csv", _csv(part))
            for path, stored in part.files.items():
                with stored.open("rb") as handle, archive.open(path, "w") as out:
                    shutil.copyfileobj(handle, out)  # an upload may be large: in chunks
    return buffer.getvalue()


def file_name(person: User, *, own: bool) -> str:
    """The download's name in the active language."""
    day = timezone.localdate().isoformat()
    if own:
        return _("vardag-mina-uppgifter-%(day)s.zip") % {"day": day}
    return _("vardag-uppgifter-%(username)s-%(day)s.zip") % {
        "username": slugify(person.username) or person.pk,
        "day": day,
    }
