"""No personnummer or samordningsnummer in free text: one guard for every model and form.

Vardag has no identity-number fields (docs/privacy.md), so a valid personnummer or
samordningsnummer (Luhn digit right, with or without century and separator) found in free text
is one too many. One detector (`vardag.core.privacy`, the same as the redaction of insights and
research) decides; two layers apply it:

- **Forms**: every `forms.CharField` carries `refuse_identity_numbers` (installed by
  `CoreConfig.ready()`), so the writer gets a translated error on the field with everything typed
  kept. Fields whose text is redacted by the service instead (participants' free text, which the
  form promises to clean) and passwords call `exempt_fields(form, ...)`; one-time keys use
  `vardag.core.once.OneTimeKeyField`.
- **Models**: a `pre_save` receiver checks every free-text field of every Vardag model (CharField
  and TextField without choices, JSONField strings), so a field added later is guarded without
  anyone remembering it. Text a person types is *refused* (a `ValidationError` on the field:
  the form's error summary through `core.forms.save_or_errors`, a 422 in the API). Text that
  comes from someone else or is derived from other text (notifications, the audit log, the
  timeline, imports, participants' and respondents' answers, research material) is *redacted*:
  the number becomes "[personnummer]".

`MACHINE_FIELDS` lists the character fields that are not free text (keys, digests, codes,
identifiers from an identity provider), each with its reason; the test in
`vardag/core/tests/test_identity.py` walks every model so nothing falls between the two lists.
`bulk_create` skips signals: call `guard_rows(rows)` first.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, Literal, TypeVar

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from vardag.core.privacy import contains_valid_personnummer, redact_identity_numbers

CODE = "identity_number"
MESSAGE = _(
    "Ta bort personnumret. Personnummer och samordningsnummer får inte sparas i fritext. "
    "Är det ett telefonnummer, skriv det med mellanslag eller bindestreck (070-123 45 67)."
)

Policy = Literal["refuse", "redact"]
M = TypeVar("M", bound=models.Model)

# Character and JSON fields that are not free text: what they hold is a key, a digest, a code
# or a value chosen by the system, never written as prose by a person.
MACHINE_FIELDS: dict[str, str] = {
    "accounts.ApiToken.digest": "hash of the token",
    "accounts.ApiToken.prefix": "random token prefix",
    "accounts.ApiToken.request_key": "one-time form key",
    "accounts.GroupMapping.group": "group name sent by the identity provider",
    "accounts.OidcIdentity.issuer": "identity provider address",
    "accounts.OidcIdentity.subject": "the identity provider's key for the person (sign-in)",
    "accounts.User.password": "password hash",
    "accounts.User.username": "sign-in name, set by the HR import or identity provider",
    "accounts.User.email": "e-mail address (sign-in and notifications)",
    "accounts.User.external_id": "key in the HR system (matches HR import rows)",
    "accounts.UserSession.session_key": "session key",
    "accounts.UserSession.method": "sign-in method code",
    "core.AuditEvent.action": "action code",
    "core.AuditEvent.target_type": "model label",
    "core.AuditEvent.target_id": "primary key",
    "core.Organisation.org_number": "organisationsnummer (month 20 and up: never a date)",
    "core.Unit.code": "key in the HR system",
    "core.Job.kind": "job kind code",
    "core.Job.task_id": "task key",
    "core.Job.task_path": "dotted path of the task",
    "core.Job.task_args": "ids handed to the task",
    "core.Job.result_url": "address inside Vardag",
    "core.RateLimitWindow.scope": "limit name",
    "core.RateLimitWindow.client": "HMAC of the client address",
    "core.WorkerLease.worker_id": "worker key",
    "core.WorkerLease.hostname": "machine name",
    "forums.Mandate.decision_types": "decision type codes",
    "ideas.Decision.request_key": "one-time form key",
    "ideas.Feedback.request_key": "one-time form key",
    "ideas.Comment.request_key": "one-time form key",
    "ideas.Challenge.request_key": "one-time form key",
    "ideas.Consultation.request_key": "one-time form key",
    "ideas.IdeaAttachment.content_type": "media type",
    "ideas.Idea.draft_key": "one-time key",
    "ideas.ProcessModel.preset": "preset code",
    "meetings.ActionItem.request_key": "one-time form key",
    "meetings.AgendaItem.request_key": "one-time form key",
    "meetings.CalendarFeed.token": "feed token",
    "notifications.Notification.kind": "notification kind code",
    "notifications.Notification.delivery": "delivery code",
    "notifications.Notification.url": "address inside Vardag",
    "notifications.NotificationPreference.kind": "notification kind code",
    "orgadmin.HrImport.encoding": "character encoding name",
    "orgadmin.HrImport.delimiter": "one character",
    "orgadmin.HrImport.file_format": "format code",
    "orgadmin.HrImport.mapping": "column to field names",
    "participation.Activity.token": "random token",
    "participation.Activity.request_key": "one-time form key",
    "participation.Contribution.code_digest": "HMAC of the return code",
    "participation.Contribution.request_key": "one-time form key",
    "pilots.Evaluation.request_key": "one-time form key",
    "pilots.Measurement.request_key": "one-time form key",
    "pilots.Pilot.request_key": "one-time form key",
    "research.Code.colour": "colour code",
    "research.Code.refi_guid": "REFI-QDA GUID",
    "research.Source.refi_guid": "REFI-QDA GUID",
    "research.Theme.refi_guid": "REFI-QDA GUID",
    "research.PseudonymEntry.kind": "kind code",
    "research.PseudonymEntry.numbered_kind": "kind code",
    "research.PseudonymEntry.original": (
        "the pseudonymisation key: the originals the pseudonyms replace, kept apart and never "
        "shown with the text"
    ),
    "research.PseudonymEntry.pseudonym": "pseudonym chosen by the system",
    "surveys.AnswerImport.encoding": "character encoding name",
    "surveys.AnswerImport.sha256": "file digest",
    "surveys.Invitation.nonce": "random nonce",
    "surveys.Questionnaire.instrument_version": "version code of the instrument",
    "surveys.Invitation.token_hash": "token digest",
    "surveys.Response.draft_key": "one-time key",
    "surveys.Response.language": "language code",
    "surveys.Response.respondent_ref": "HMAC of the imported respondent key",
    "surveys.Round.open_token": "random token",
    "surveys.Section.condition_value": "answer value compared by the condition",
}

# Where the text comes from someone else than the person at the keyboard, or is derived from
# other text: redact, never refuse ("app.Model" for every field of the model, or "app.Model.field").
REDACTED: dict[str, str] = {
    "accounts.User": "names and titles from the HR import or the identity provider",
    "accounts.UserSession": "the browser's description of itself",
    "core.AuditEvent": "derived from the objects it records",
    "core.Job": "derived (titles, messages and results of work)",
    "ideas.IdeaAttachment.name": "the uploaded file's own name",
    "ideas.IdeaEvent": "the timeline, derived from what happened",
    "notifications.Notification": "derived from the object it tells about",
    "orgadmin.HrImport": "rows and names from the HR system's file",
    "participation.Contribution.text": "a participant's words (redacted by the service too)",
    "pilots.Measurement": "rows of an imported file",
    "research": "transcripts, memos and codebooks from others (pseudonymised by the service too)",
    "surveys.Answer": "respondents' answers (redacted by the service too)",
    "surveys.AnswerImport": "an imported file",
}


def refuse_identity_numbers(value: Any) -> None:
    """Form and model validator: a valid personnummer or samordningsnummer is refused."""
    if isinstance(value, str) and contains_valid_personnummer(value):
        raise ValidationError(MESSAGE, code=CODE)


def exempt_fields(form: forms.BaseForm, *names: str) -> None:
    """Let these fields through the form guard: passwords (never stored as text), and text the
    service redacts instead (participants' own words, which the form promises to clean)."""
    for name in names:
        field = form.fields[name]
        field.validators = [v for v in field.validators if v is not refuse_identity_numbers]


def install_form_guard() -> None:
    """Every form CharField (and subclass without its own validators) refuses identity numbers."""
    if refuse_identity_numbers not in forms.CharField.default_validators:
        forms.CharField.default_validators = [
            *forms.CharField.default_validators,
            refuse_identity_numbers,
        ]
    # Values from the system, not typed as prose.
    forms.UUIDField.default_validators = []


def _policy(model: type[models.Model], field: models.Field[Any, Any]) -> Policy:
    label = model._meta.label
    if not field.editable:  # derived by the system (search text) from guarded fields
        return "redact"
    for key in (f"{label}.{field.name}", label, model._meta.app_label):
        if key in REDACTED:
            return "redact"
    return "refuse"


def is_text_field(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.CharField | models.TextField | models.JSONField)


@cache
def guarded_fields(model: type[models.Model]) -> tuple[tuple[str, Policy], ...]:
    """The free-text fields of a model and what happens to an identity number in each."""
    label = model._meta.label
    if not model._meta.app_config or not model._meta.app_config.name.startswith("vardag."):
        return ()
    return tuple(
        (field.attname, _policy(model, field))
        for field in model._meta.concrete_fields
        if is_text_field(field)
        and not field.choices
        and not isinstance(field, models.SlugField)
        and f"{label}.{field.name}" not in MACHINE_FIELDS
    )


def _redact_json(value: Any) -> Any:
    if isinstance(value, str):
        return redact_identity_numbers(value)
    if isinstance(value, dict):
        return {_redact_json(k): _redact_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_json(v) for v in value]
    return value


def guard_instance(instance: models.Model) -> None:
    """Refuse or redact identity numbers in the instance's free-text fields (before saving)."""
    refused: dict[str, ValidationError] = {}
    for name, policy in guarded_fields(type(instance)):
        value = getattr(instance, name)
        if isinstance(value, str):
            if not contains_valid_personnummer(value):
                continue
            if policy == "redact":
                setattr(instance, name, redact_identity_numbers(value))
            else:
                refused[name] = ValidationError(MESSAGE, code=CODE)
        elif isinstance(value, dict | list):
            setattr(instance, name, _redact_json(value))
    if refused:
        raise ValidationError(refused)


def guard_rows(rows: Iterable[M]) -> list[M]:
    """`guard_instance` for rows about to be written with `bulk_create` (which skips signals)."""
    checked = list(rows)
    for row in checked:
        guard_instance(row)
    return checked


def on_pre_save(sender: type[models.Model], instance: models.Model, raw: bool, **_: Any) -> None:
    if not raw:  # fixtures are loaded as they are
        guard_instance(instance)


def vardag_text_fields() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    """Every character, text and JSON field of every Vardag model (for the coverage test)."""
    return [
        (model, field)
        for model in apps.get_models()
        if model._meta.app_config and model._meta.app_config.name.startswith("vardag.")
        for field in model._meta.concrete_fields
        if is_text_field(field)
    ]
