"""Writes of the shell: feedback on the accessibility statement reaches the organisation admins."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from vardag.accounts.models import User
from vardag.core import audit
from vardag.core.models import Organisation
from vardag.core.roles import Role
from vardag.notifications.services import notify

FEEDBACK_KIND = "accessibility.feedback"


def organisation_admins(organisation: Organisation) -> list[User]:
    people = User.objects.filter(organisation=organisation, is_active=True).prefetch_related(
        "memberships"
    )
    return [person for person in people if person.has_role(Role.ADMIN)]


@transaction.atomic
def accessibility_feedback_send(
    *, actor: Any, organisation: Organisation, message: str, page: str = "", contact: str = ""
) -> int:
    """Send a report of an accessibility problem to the organisation's admins as a notification
    (e-mailed by their preference); return how many admins it reached."""
    admins = organisation_admins(organisation)
    lines = [message.strip()]
    if page:
        lines.append(_("Sida eller funktion: %(page)s") % {"page": page})
    if contact:
        lines.append(_("Kontaktuppgift: %(contact)s") % {"contact": contact})
    sender = actor if getattr(actor, "is_authenticated", False) else None
    if sender is not None:
        lines.append(_("Skickat av: %(name)s") % {"name": sender.get_full_name() or sender})
    notify(
        actor=sender,
        recipients=admins,
        kind=FEEDBACK_KIND,
        subject=_("Synpunkt på tillgängligheten i Vardag"),
        body="\n\n".join(lines),
        url=reverse("shell:accessibility"),
    )
    audit.record(
        sender,
        "accessibility.feedback_sent",
        target=organisation,
        organisation=organisation,
        data={"recipients": len(admins), "page": page[:200]},
    )
    return len(admins)
