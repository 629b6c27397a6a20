"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "pilots.Pilot",
        "Pilot som prövar en beslutad idé i liten skala: hypotes, testgrupp, tid och resurser (allmän handling).",
        public="hypothesis smallest_solution test_group_size starts_on ends_on budget_sek hours_granted risks",
        internal="id organisation idea decision test_group request_key created_at updated_at",
        personal="created_by",
    ),
    entry(
        "pilots.Partner",
        "Part som deltar i en pilot (organisation eller roll).",
        public="name role",
        internal="id pilot kind",
        not_exported="Uppgifter om piloten, inte om användaren (personen är skapare av piloten).",
    ),
    entry(
        "pilots.Iteration",
        "Ändring under en pilot: vad och varför.",
        public="number starts_on what_changed why",
        internal="id pilot created_at",
        personal="created_by",
    ),
    entry(
        "pilots.ImpactGoal",
        "Effektmål för en pilot med indikator, utgångsvärde och målvärde.",
        public="level indicator unit direction baseline baseline_on target starts_on ends_on data_source organisation_goal agenda2030_target measurable_from",
        internal="id pilot created_at",
        not_exported="Uppgifter om piloten, inte om användaren (personen är skapare av piloten).",
    ),
    entry(
        "pilots.Measurement",
        "Mätvärde för ett effektmål (aggregerat, inte per brukare).",
        public="measured_on value note file_name",
        internal="id goal source request_key created_at",
        personal="created_by",
    ),
    entry(
        "pilots.Evaluation",
        "Utvärdering av en pilot: resultat, vad brukare sagt, barns synpunkter (sammanfattade), kostnad och rekommendation.",
        public="period_starts_on period_ends_on findings users_said costs_sek hours_used recommendation rationale",
        internal="id pilot value_assessment lesson request_key created_at insights",
        personal="created_by",
        sensitive="children_views",
    ),
    entry(
        "pilots.ImplementationPlan",
        "Plan för att föra in en pilot i ordinarie verksamhet: budget, rutiner, utbildning, uppföljning.",
        public="budget_source annual_cost_sek budget_notes routines training follow_up_on reminded_on followed_up_on follow_up_summary",
        internal="id pilot created_at updated_at",
        personal="followed_up_by created_by",
    ),
    entry(
        "pilots.ReceivingUnit",
        "Enhet som tar över en införd innovation, med linjeansvarig.",
        public="taken_over_on takeover_note",
        internal="id plan unit",
        personal="line_owner taken_over_by",
    ),
    entry(
        "pilots.FollowUpValue",
        "The outcome against one impact goal at the follow-up.",
        public="value",
        internal="id plan goal",
        not_exported="Uppgifter om piloten, inte om användaren (personen är skapare av piloten).",
    ),
    entry(
        "pilots.DecisionReview",
        "A date on which a decision is looked at again by its forum (issue 16, item 5).",
        public="review_on reason note meeting_id agenda_item_id reviewed_on",
        internal="id organisation decision forum outcome created_at",
        personal="created_by",
    ),
    entry(
        "pilots.Adoption",
        "Another unit or organisation takes up an implemented innovation (spridning).",
        public="started_on adaptation material results",
        internal="id organisation origin unit created_at updated_at",
        personal="line_owner created_by",
    ),
    entry(
        "pilots.AdoptionResult",
        "The adopting unit's own figure for one of the origin's impact goals.",
        public="measured_on value",
        internal="id adoption goal created_at",
        personal="created_by",
    ),
    entry(
        "pilots.LessonRecord",
        "The structured record behind a lesson, when an idea is implemented or stopped.",
        public="outcome started_by participants helped helped_text hindered hindered_text effects effects_text",
        internal="id organisation idea lesson created_at",
        personal="created_by",
    ),
]
