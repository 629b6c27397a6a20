"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "participation.LegalReference",
        "A law or convention; organisation=None is the national catalogue seeded by migration.",
        public="code title citation url",
        internal="id organisation",
    ),
    entry(
        "participation.UserGroup",
        "A målgrupp: whose life the service is about.",
        public="name description age_min age_max includes_children third_parties size_estimate",
        internal="id organisation owner_unit search_text created_at updated_at legal_frames",
        personal="contact created_by",
    ),
    entry(
        "participation.Activity",
        "A participation activity: how users took part and what they were told afterwards.",
        public="title purpose held_on level lundy_space lundy_voice lundy_audience lundy_influence lundy_notes involves_children guardian_consent child_consent age_adapted_method support_person consent_rule is_open child_mode question feedback feedback_given_on",
        internal="id organisation unit kind method token request_key created_at updated_at user_groups",
        personal="created_by",
        secret="token",
    ),
    entry(
        "participation.ParticipantCount",
        "How many took part in one age band (never who).",
        internal="id activity",
        child="age_band count",
        not_exported="Antal deltagare per åldersgrupp, utan koppling till någon användare.",
    ),
    entry(
        "participation.Contribution",
        "An anonymous view given through the invitation link. No name, no account.",
        internal="id activity request_key created_at code_digest",
        child="text scale age_band guardian_consent own_consent redactions response responded_at",
        secret="code_digest",
        not_exported="Anonyma bidrag från barn och brukare; lagras utan koppling till en person och kan inte knytas till den som frågar.",
    ),
    entry(
        "participation.Insight",
        "Insikter om en målgrupps behov, sammanställda av medarbetare från delaktighetsaktiviteter och andra källor.",
        public="statement evidence perspective other_sources",
        internal="id organisation search_text created_at updated_at user_groups activities",
        personal="created_by",
    ),
    entry(
        "participation.SubjectLink",
        "Links a user group, insight or activity to a challenge or idea (generic reference).",
        public="subject_type subject_id",
        internal="id organisation user_group insight activity created_at",
        not_exported="Koppling mellan poster i organisationen, inga uppgifter om personen.",
    ),
    entry(
        "participation.Persona",
        "Påhittad persona som sammanfattar en målgrupps behov (ingen verklig person).",
        public="name summary needs",
        internal="id user_group created_at",
        not_exported="Påhittad persona för en målgrupp, inte en verklig person.",
    ),
    entry(
        "participation.PersonaQuote",
        "A quote in a persona, always backed by an insight.",
        public="text",
        internal="id persona insight",
        not_exported="Citat ur en insikt (redan avidentifierat), inte uppgifter om användaren.",
    ),
    entry(
        "participation.Journey",
        "Tjänsteresa för en målgrupp, för att förstå kontaktytor med verksamheten.",
        public="title description",
        internal="id user_group created_at",
        not_exported="Tjänsteresa för en målgrupp, inte uppgifter om användaren.",
    ),
    entry(
        "participation.JourneyStep",
        "Ett steg i en tjänsteresa: kontaktyta, upplevelse, problem och vinster.",
        public="touchpoint organisation_name experience pain gain sphere feeling",
        internal="id journey order",
    ),
    entry(
        "participation.ValueAssessment",
        "Value for the individual and for society, within the law, for an idea (or later a pilot).",
        public="subject_type subject_id subject_label title perspective wellbeing outcome experience self_management individual_notes collective collective_notes other_groups within_legal_frame legal_notes child_view best_interests",
        internal="id organisation created_at updated_at user_groups legal_references",
        personal="created_by",
    ),
    entry(
        "participation.ValueRisk",
        "A risk that the service destroys value, and how it is mitigated.",
        public="description mitigation",
        internal="id assessment",
        not_exported="Risk i en värdebedömning, organisationens handling och inte uppgifter om användaren.",
    ),
    entry(
        "participation.ActorMap",
        "Aktörskarta för en idé eller insats: vilka aktörer som berörs.",
        public="subject_type subject_id subject_label title",
        internal="id organisation created_at",
    ),
    entry(
        "participation.Actor",
        "En aktör (organisation eller roll) i en aktörskarta, med resurser och beroenden.",
        public="name resources dependency_notes",
        internal="id actor_map kind depends_on",
    ),
]
