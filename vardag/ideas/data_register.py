"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "ideas.ProcessModel",
        "Processmodell",
        public="name description preset is_default enforce_gate_evidence",
        internal="id organisation created_at",
    ),
    entry(
        "ideas.Stage",
        "Fas",
        public="name description guiding_questions exit_criteria",
        internal="id process_model order",
    ),
    entry(
        "ideas.Challenge",
        "Utmaning",
        public="question description driver starts_on ends_on origin_url origin_label",
        internal="id organisation owner_unit scope created_at",
        personal="created_by",
    ),
    entry(
        "ideas.Idea",
        "Idé",
        public="title summary user_situation user_resources organisation_offer better_for_whom asks_hours asks_amount_sek state state_before_hold next_handling_on feedback_due_on overdue_flagged_on revisit_on revisit_flagged_on hours_granted amount_granted_sek archive_reason is_published version submitted_at",
        internal="id organisation kind challenge unit process_model stage forum merged_into search_text draft_key created_at updated_at affected_units",
        personal="initiator team",
        secret="draft_key",
    ),
    entry(
        "ideas.IdeaAttachment",
        "Idea attachment",
        public="file name content_type size",
        internal="id idea created_at",
        personal="uploaded_by",
    ),
    entry(
        "ideas.Decision",
        "Beslut",
        public="decision_type decided_on amount_sek hours rationale conditions registry_number from_state to_state agenda_item_id",
        internal="id idea mandate forum request_key created_at",
        personal="decided_by",
    ),
    entry(
        "ideas.Feedback",
        "Återkoppling",
        public="body",
        internal="id idea decision created_at",
        personal="author",
    ),
    entry(
        "ideas.Comment",
        "Comment",
        public="body",
        internal="id idea created_at",
        personal="author",
    ),
    entry(
        "ideas.Support",
        "Support",
        internal="id idea created_at",
        personal="user",
    ),
    entry(
        "ideas.Follow",
        "Follow",
        internal="id idea created_at",
        personal="user",
    ),
    entry(
        "ideas.Lesson",
        "Lärdom",
        public="text is_published",
        internal="id organisation idea created_at",
        personal="created_by",
    ),
    entry(
        "ideas.IdeaEvent",
        "The idea's timeline: one row per thing that happened, in order.",
        public="text",
        internal="id idea kind created_at",
        personal="actor",
    ),
    entry(
        "ideas.IdeaOrganisation",
        "A partner organisation's part in an idea that spans organisations (DOMAIN.md F4).",
        public="next_handling_on",
        internal="id idea organisation forum updated_at",
        personal="co_owner updated_by",
    ),
    entry(
        "ideas.Consultation",
        "An affected organisation's statement (yttrande) on an idea, e.g. before G2.",
        public="position statement recorded_on",
        internal="id idea organisation forum created_at",
        personal="recorded_by",
    ),
]
