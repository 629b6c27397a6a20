"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "forums.Forum",
        "Mötesforum (ledningsgrupp, innovationsråd) som behandlar idéer och fattar beslut.",
        public="name type description cadence closed_at",
        internal="id organisation owner_unit created_at partner_units",
        personal="members",
    ),
    entry(
        "forums.ForumMembership",
        "Personens plats i ett forum (ledamot, ordförande), som styr behörighet.",
        public="role",
        internal="id forum created_at",
        personal="user",
    ),
    entry(
        "forums.Mandate",
        "One point in the delegation order.",
        public="title holder_role decision_types max_amount_sek max_hours source_paragraph valid_from valid_until notes",
        internal="id organisation holder_forum holder_unit scope report_to created_at",
        not_exported="Delegationsordningens mandat för forum och roller, inte uppgifter om en person.",
    ),
]
