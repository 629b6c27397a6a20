"""Writes of meetings: series, agendas, meeting mode, minutes and their approval.

Decisions on ideas are recorded through vardag.ideas.services.decision_record, so the mandate
register is checked for every decision taken in a meeting. Approved minutes are locked: every
write refuses to change a meeting whose minutes are approved.
"""

from vardag.meetings.services.agenda import (
    agenda_fill,
    agenda_send,
    item_propose,
    item_remove,
    item_update,
)
from vardag.meetings.services.common import MAX_OCCURRENCES, STANDING_TITLE, StaleNotes
from vardag.meetings.services.minutes import (
    action_item_create,
    action_item_done,
    action_item_give,
    calendar_feed_get,
    calendar_feed_renew,
    feedback_draft_save,
    meeting_adjuster_change,
    meeting_close,
    meeting_consultation_record,
    meeting_decision_record,
    minutes_approve,
    notes_save,
)
from vardag.meetings.services.series import (
    invitation_send,
    meeting_add,
    meeting_cancel,
    meeting_move,
    occurrences,
    series_create,
)

__all__ = [
    "MAX_OCCURRENCES",
    "STANDING_TITLE",
    "StaleNotes",
    "action_item_create",
    "action_item_give",
    "action_item_done",
    "agenda_fill",
    "agenda_send",
    "calendar_feed_get",
    "calendar_feed_renew",
    "feedback_draft_save",
    "invitation_send",
    "item_propose",
    "item_remove",
    "item_update",
    "meeting_add",
    "meeting_adjuster_change",
    "meeting_cancel",
    "meeting_close",
    "meeting_consultation_record",
    "meeting_decision_record",
    "meeting_move",
    "minutes_approve",
    "notes_save",
    "occurrences",
    "series_create",
]
