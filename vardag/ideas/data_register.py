"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "ideas.ProcessModel",
        "Organisationens processmodell för idéer (faser och krav).",
        public="name name_en description description_en preset is_default enforce_gate_evidence",
        internal="id organisation created_at",
    ),
    entry(
        "ideas.Stage",
        "En fas i processmodellen, med vägledande frågor och kriterier.",
        public="name name_en description description_en guiding_questions guiding_questions_en exit_criteria exit_criteria_en exit_gate",
        internal="id process_model order",
    ),
    entry(
        "ideas.Challenge",
        "Utmaning som organisationen bjuder in idéer till.",
        public="question description driver starts_on ends_on origin_url origin_label",
        internal="id organisation owner_unit scope request_key created_at",
        personal="created_by",
    ),
    entry(
        "ideas.Idea",
        "Förbättringsidé från en medarbetare: vad, för vem och vad som behövs. Allmän handling när den kommit in.",
        public="origin origin_source title summary user_situation user_resources organisation_offer better_for_whom asks_hours asks_amount_sek state state_before_hold next_handling_on feedback_due_on overdue_flagged_on revisit_on revisit_flagged_on hours_granted amount_granted_sek archive_reason is_published version submitted_at",
        internal="id organisation kind challenge unit process_model stage forum merged_into search_text draft_key created_at updated_at affected_units",
        personal="initiator team",
        secret="draft_key",
    ),
    entry(
        "ideas.IdeaAttachment",
        "Bifogad fil till en idé.",
        public="file name content_type size",
        internal="id idea created_at",
        personal="uploaded_by",
    ),
    entry(
        "ideas.Decision",
        "Beslut om en idé med stöd av delegation: vem, när, belopp och motivering (allmän handling).",
        public="decision_type decided_on amount_sek hours rationale conditions registry_number from_state to_state agenda_item_id",
        internal="id idea mandate forum request_key created_at",
        personal="decided_by",
    ),
    entry(
        "ideas.Feedback",
        "Återkoppling till idégivaren om hantering eller beslut.",
        public="body",
        internal="id idea decision request_key created_at",
        personal="author",
    ),
    entry(
        "ideas.Comment",
        "Kommentar på en idé från en kollega.",
        public="body",
        internal="id idea request_key created_at",
        personal="author",
    ),
    entry(
        "ideas.Support",
        "Att en medarbetare stöder en idé.",
        internal="id idea created_at",
        personal="user",
    ),
    entry(
        "ideas.Follow",
        "Att en medarbetare följer en idé för att få aviseringar.",
        internal="id idea created_at",
        personal="user",
    ),
    entry(
        "ideas.Lesson",
        "Lärdom från en idé eller insats, för att sprida erfarenheter.",
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
        internal="id idea organisation forum request_key created_at",
        personal="recorded_by",
    ),
]
