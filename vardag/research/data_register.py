"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "research.Study",
        "Forskningsstudie i verksamheten: frågeställning, ansvarig och tid.",
        internal="id organisation title questions approach funder partners starts_on ends_on coding_visibility created_at",
        personal="owner",
    ),
    entry(
        "research.StudyMember",
        "Medarbetare som deltar i en studie och deras roll (behörighet till materialet).",
        internal="id study role",
        personal="user",
    ),
    entry(
        "research.Activity",
        "Aktivitet i en studie (intervju, workshop, observation) för att ordna materialet.",
        internal="id study kind title held_on description meeting_id created_at",
        not_exported="Forskningsaktivitet i en studie; uppgifter om studien, inte om användaren.",
    ),
    entry(
        "research.ParticipantGroup",
        "How many took part in an activity, by role and unit (never who).",
        internal="id activity role unit count",
    ),
    entry(
        "research.PseudonymKeyRecord",
        "The study's pseudonym key (originals!), kept apart from the texts; owner-only.",
        internal="id study updated_at",
        not_exported="Kodnyckel till pseudonymiserade forskningsdata; lämnas aldrig ut (sekretess, OSL 24 kap. 8 §).",
    ),
    entry(
        "research.PseudonymEntry",
        "En rad i studiens kodnyckel: originalet (t.ex. ett namn) och dess pseudonym; visas bara för studiens ägare och hålls skild från texterna.",
        internal="id study kind numbered_kind number created_at pseudonym",
        sensitive="original",
        secret="original",
        not_exported="Kodnyckel till pseudonymiserade forskningsdata; lämnas aldrig ut (sekretess, OSL 24 kap. 8 §).",
    ),
    entry(
        "research.Source",
        "Transkript och dokument i en studie, pseudonymiserade före lagring; kodnyckeln hålls separat.",
        internal="id guid refi_guid study activity title kind file_name speaker_role unit recorded_on replaced_count created_at",
        personal="created_by",
        sensitive="text cues",
    ),
    entry(
        "research.StickyNote",
        "A workshop sticky note, grouped into clusters.",
        internal="id activity cluster created_at",
        sensitive="text",
    ),
    entry(
        "research.Code",
        "Analyskod i en studie.",
        internal="id guid refi_guid study parent name definition colour created_at",
        not_exported="Analyskod i en studie (forskningsmaterial), inte uppgifter om användaren.",
    ),
    entry(
        "research.Excerpt",
        "One code applied by one coder to text[start:end] of a source.",
        internal="id guid source code end created_at",
        personal="coder coder_label",
        sensitive="start",
    ),
    entry(
        "research.Memo",
        "Forskarens anteckning till en källa, kod eller ett utdrag.",
        internal="id guid study source excerpt code created_at",
        personal="author",
        sensitive="text",
    ),
    entry(
        "research.Theme",
        "Tema i analysen, som kan leda till en insikt.",
        internal="id study refi_guid name description condition_kind condition_level insight created_at codes",
        not_exported="Analystema i en studie, inte uppgifter om användaren.",
    ),
]
