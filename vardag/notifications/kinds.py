"""The kinds of notification a person can choose e-mail delivery for.

Apps that send a new kind add it with `register("app.kind", _("Label"))` in AppConfig.ready();
the kinds already sent in Vardag are listed here so the preferences page is complete today.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

_labels: dict[str, Any] = {
    "idea.submitted": _("Nya idéer att ta hand om"),
    "idea.feedback": _("Återkoppling på mina idéer"),
    "idea.feedback_overdue": _("Försenad återkoppling"),
    "idea.revisit_due": _("Vilande idéer att ta upp igen"),
    "idea.merged": _("Idéer som slagits samman"),
    "meeting.agenda": _("Dagordningar"),
    "meeting.moved": _("Flyttade möten"),
    "meeting.cancelled": _("Inställda möten"),
    "meeting.minutes_approved": _("Justerade protokoll"),
    "meeting.minutes_to_approve": _("Protokoll att justera"),
    "meeting.action_item": _("Uppgifter från möten"),
    "survey.invitation": _("Inbjudningar till enkäter"),
    "survey.reminder": _("Påminnelser om enkäter"),
}


def register(kind: str, label: Any) -> None:
    _labels[kind] = label


def label(kind: str) -> Any:
    return _labels.get(kind, kind)


def known() -> list[tuple[str, Any]]:
    return list(_labels.items())
