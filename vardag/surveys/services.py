"""Writes of the surveys app: builder, rounds, invitations, answering.

Respondents are anonymous, so their own writes (saving and submitting answers) are not audited:
an audit row with a time would join a link to an answer. Round-level events are audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vardag.core import audit, privacy
from vardag.core.actors import Actor
from vardag.core.models import Unit
from vardag.core.roles import MANAGER_ROLES

# ---- builder ------------------------------------------------------------------------------
# The questionnaire builder's writes live in builder.py; these names stay importable from here.
from vardag.surveys.builder import (  # noqa: E402, F401
    dimension_add,
    editable_version,
    instrument_ensure,
    instrument_install,
    item_add,
    questionnaire_create,
    section_add,
)
from vardag.surveys.models import (
    Answer,
    Audience,
    Invitation,
    Item,
    Response,
    Round,
    Version,
    token_hash,
)

# ---- rounds and invitations -----------------------------------------------------------------


def _invitation_token(invitation_nonce: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), invitation_nonce.encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    version: Version,
    title: str,
    target_units: Iterable[Unit],
    previous: Round | None = None,
    closes_on: Any = None,
    is_open_link: bool = False,
) -> Round:
    round_ = Round.objects.create(
        organisation=version.questionnaire.organisation,
        version=version,
        title=title,
        previous=previous,
        closes_on=closes_on,
        is_open_link=is_open_link,
        open_token=secrets.token_urlsafe(24) if is_open_link else "",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    round_.target_units.set(list(target_units))
    audit.record(actor, "round.created", target=round_)
    return round_


def _answer_url(token: str) -> str:
    return reverse("surveys:answer", kwargs={"token": token})


@dataclass(frozen=True)
class IssuedLink:
    unit: Unit
    audience: str
    token: str


def _issue(round_: Round, *, unit: Unit, audience: str, user: Any = None) -> IssuedLink:
    nonce = secrets.token_hex(16)
    token = _invitation_token(f"{round_.pk}:{nonce}")
    Invitation.objects.create(
        round=round_,
        user=user,
        unit=unit,
        audience=audience,
        token_hash=token_hash(token, "invitation"),
        nonce=nonce,
    )
    return IssuedLink(unit, audience, token)


@transaction.atomic
def round_open(*, actor: Actor, round_: Round) -> list[IssuedLink]:
    """Open the round: one invitation per member of the target units (and units below them)."""
    from vardag.accounts.models import Membership
    from vardag.notifications.services import notify
    from vardag.surveys.selectors import org_units, subtree_ids

    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.DRAFT:
        raise ValidationError(_("Omgången är redan startad."))
    units = org_units(round_)
    unit_ids: set[int] = set()
    for target in round_.target_units.all():
        unit_ids |= subtree_ids(units, target.pk)
    today = timezone.localdate()
    people: dict[int, tuple[Any, Unit, str]] = {}
    memberships = (
        Membership.objects.filter(unit_id__in=unit_ids, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .select_related("user", "unit")
    )
    for membership in memberships.order_by("id"):
        audience: str = Audience.MANAGER if membership.role in MANAGER_ROLES else Audience.EMPLOYEE
        known = people.get(membership.user_id)
        if known is None or audience == Audience.MANAGER:
            people[membership.user_id] = (membership.user, membership.unit, audience)
    links = []
    for user, unit, audience in people.values():
        link = _issue(round_, unit=unit, audience=audience, user=user)
        links.append(link)
        notify(
            actor=actor,
            recipients=[user],
            kind="survey.invitation",
            subject=lambda: _("Enkät: %(title)s") % {"title": round_.title},
            body=lambda: _("Din personliga länk är anonym: ingen kan se vad du svarar."),
            url=_answer_url(link.token),
        )
    round_.status, round_.opened_at = Round.Status.OPEN, timezone.now()
    round_.save(update_fields=["status", "opened_at"])
    audit.record(actor, "round.opened", target=round_, data={"invited": len(links)})
    return links


@transaction.atomic
def round_links_generate(
    *, actor: Actor, round_: Round, unit: Unit, audience: str, count: int
) -> list[IssuedLink]:
    """Anonymous links for people without an account (handed out by the unit, shown once)."""
    if round_.status == Round.Status.CLOSED:
        raise ValidationError(_("Omgången är avslutad."))
    links = [_issue(round_, unit=unit, audience=audience) for _ in range(count)]
    audit.record(
        actor, "round.links_generated", target=round_, data={"unit": unit.pk, "count": count}
    )
    return links


@transaction.atomic
def round_remind(*, actor: Actor, round_: Round) -> int:
    """Remind everyone who has not answered; nobody sees who that is."""
    from vardag.notifications.services import notify

    round_ = Round.objects.get(pk=round_.pk)
    if round_.status != Round.Status.OPEN:
        raise ValidationError(_("Bara en pågående omgång kan påminna."))
    pending = list(
        Invitation.objects.filter(round=round_, is_used=False, user__isnull=False).select_related(
            "user"
        )
    )
    for invitation in pending:
        token = _invitation_token(f"{round_.pk}:{invitation.nonce}")
        notify(
            actor=actor,
            recipients=[invitation.user],
            kind="survey.reminder",
            subject=lambda: _("Påminnelse: %(title)s") % {"title": round_.title},
            body=lambda: _("Har du redan svarat kan du bortse från påminnelsen."),
            url=_answer_url(token),
        )
        invitation.reminders_sent += 1
    Invitation.objects.bulk_update(pending, ["reminders_sent"])
    audit.record(actor, "round.reminded", target=round_, data={"reminded": len(pending)})
    return len(pending)


@transaction.atomic
def round_close(*, actor: Actor, round_: Round) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status == Round.Status.CLOSED:
        return round_
    Response.objects.filter(round=round_, submitted_on__isnull=True).delete()
    Invitation.objects.filter(round=round_).update(user=None)
    round_.status, round_.closed_at = Round.Status.CLOSED, timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    audit.record(actor, "round.closed", target=round_)
    return round_


# ---- answering ------------------------------------------------------------------------------


@transaction.atomic
def open_response_start(*, round_: Round, language: str) -> str:
    """Start an answer through an open link; the returned token continues it."""
    if round_.status != Round.Status.OPEN:
        raise ValidationError(_("Enkäten är inte öppen för svar."))
    token = secrets.token_urlsafe(30)
    Response.objects.create(
        round=round_,
        audience=Audience.OTHER,
        language=language,
        draft_key=token_hash(token, "response"),
    )
    return token


def _draft_for(token: str, language: str) -> Response:
    from vardag.surveys.selectors import token_target

    target = token_target(token)
    if target is None:
        raise ValidationError(_("Länken är inte giltig."))
    if target.invitation is not None and target.invitation.is_used:
        raise ValidationError(
            _("Den här länken har redan använts för att svara. Tack för ditt svar!")
        )
    if target.round.status != Round.Status.OPEN:
        raise ValidationError(_("Enkäten är inte öppen för svar."))
    if target.response is not None:
        return target.response
    invitation = target.invitation
    assert invitation is not None
    return Response.objects.create(
        round=target.round,
        unit_id=invitation.unit_id,
        audience=invitation.audience,
        language=language,
        draft_key=token_hash(token, "response"),
    )


def clean_value(item: Item, raw: Any) -> tuple[float | None, str, list[str]]:
    """Parse one submitted value; raise SurveyError if it is not allowed."""
    if item.kind == Item.Kind.OPEN:
        text = str(raw or "").strip()[:5000]
        return (
            None,
            privacy.redact(text, first_names=privacy.SWEDISH_FIRST_NAMES).text if text else "",
            [],
        )
    if item.kind == Item.Kind.MULTIPLE:
        values = [str(v) for v in (raw or [])]
        if not set(values) <= item.allowed_values():
            raise ValidationError(_("Ogiltigt svar."))
        return None, "", values
    if raw in (None, ""):
        return None, "", []
    if str(raw) not in item.allowed_values():
        raise ValidationError(_("Ogiltigt svar."))
    return float(raw), "", []


@transaction.atomic
def response_save_page(
    *, token: str, items: list[Item], data: dict[str, Any], language: str, page: int
) -> Response:
    """Save the answers of one page (save and continue later)."""
    response = _draft_for(token, language)
    Response.objects.select_for_update().filter(pk=response.pk).first()
    missing = [i for i in items if i.is_required and data.get(i.code) in (None, "", [])]
    if missing:
        raise ValidationError(_("Besvara de obligatoriska frågorna."))
    existing = {a.item_id: a for a in Answer.objects.filter(response=response, item__in=items)}
    new, changed = [], []
    for item in items:
        value, text, choices = clean_value(item, data.get(item.code))
        answer = existing.get(item.pk)
        if answer is None:
            new.append(
                Answer(response=response, item=item, value=value, text=text, choices=choices)
            )
        else:
            answer.value, answer.text, answer.choices = value, text, choices
            changed.append(answer)
    Answer.objects.bulk_create(new)
    Answer.objects.bulk_update(changed, ["value", "text", "choices"])
    Version.objects.filter(pk=response.round.version_id, frozen_at__isnull=True).update(
        frozen_at=timezone.now()
    )
    response.page, response.language = page, language
    response.save(update_fields=["page", "language"])
    return response


@transaction.atomic
def response_submit(*, token: str) -> None:
    response = _draft_for(token, "sv")
    updated = Invitation.objects.filter(
        token_hash=token_hash(token, "invitation"), is_used=False
    ).update(is_used=True)
    if response.audience != Audience.OTHER and not updated:
        raise ValidationError(
            _("Den här länken har redan använts för att svara. Tack för ditt svar!")
        )
    response.draft_key = None
    response.submitted_on = timezone.localdate()
    response.save(update_fields=["draft_key", "submitted_on"])
