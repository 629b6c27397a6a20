"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "meetings.MeetingSeries",
        "Återkommande möten för ett forum, med ordförande och sekreterare.",
        public="name cadence first_starts_at duration_minutes place agenda_deadline_days",
        internal="id organisation forum online_link created_at",
        personal="chair secretary",
        secret="online_link",
    ),
    entry(
        "meetings.Meeting",
        "Ett möte i ett forum: tid, plats, närvarande och justering av protokollet.",
        public="starts_at ends_at place cancel_reason moved_from agenda_sent_at closed_at approved_at",
        internal="id organisation series forum online_link status uid sequence invited_sequence created_at",
        personal="adjuster approved_by attendees",
        secret="online_link",
    ),
    entry(
        "meetings.AgendaItem",
        "Punkt på dagordningen, med anteckningar och beslut (del av protokollet).",
        public="title description purpose minutes is_shared notes paragraph feedback_draft feedback_sent_at",
        internal="id meeting organisation order source idea notes_version created_at decisions request_key",
        personal="presenter proposed_by",
        collectors=("meeting_agenda_items",),
    ),
    entry(
        "meetings.ActionItem",
        "Åtgärd från ett möte med ansvarig och datum.",
        public="title origin_url origin_label due_on done_at",
        internal="id organisation forum meeting agenda_item request_key created_at",
        personal="owner created_by",
        collectors=("meeting_action_items",),
    ),
    entry(
        "meetings.CalendarFeed",
        "A person's subscription to one forum's meetings (a secret URL for calendar apps).",
        internal="id forum token created_at",
        personal="user",
        secret="token",
        collectors=("meeting_calendar_feeds",),
    ),
]
