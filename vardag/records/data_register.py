"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "records.RetentionRule",
        "En organisations gallringsregel: hur länge ett slag av uppgift bevaras och vilket "
        "gallringsbeslut som medger gallringen.",
        public="kind months action decision_reference is_active",
        internal="id organisation updated_at",
        personal="updated_by",
    ),
    entry(
        "records.ErasureRequest",
        "En begäran om radering (dataskyddsförordningen artikel 17) och hur den hanterades: vad "
        "som raderades och vad som vägrades, med skäl.",
        public="received_on status handled_at withdrawn_reason",
        internal="id organisation code_digest created_at plan outcome",
        personal="subject note created_by",
        secret="code_digest",
        machine="plan outcome",
        notes={
            "plan": "Vad granskningen skulle radera och vägra, som modellnamn och radnummer; i "
            'utdraget i ord ("Vad som raderas och vad som finns kvar").',
            "outcome": "Vad som raderades, som modellnamn och radnummer; i utdraget i ord.",
        },
    ),
    entry(
        "records.Disclosure",
        "En begäran om en allmän handling (utlämnande) och sekretessprövningen av den: vem som "
        "prövade, när och med vilken motivering.",
        public="document_type document_id document_title received_on decided_at decision_note",
        internal="id organisation created_at",
        personal="requested_by created_by decided_by",
    ),
    entry(
        "records.DisclosureMask",
        "En maskerad del av en utlämnad handling: vilken del (aldrig dess text) och "
        "sekretessgrunden.",
        public="part_key part_label ground",
        internal="id disclosure",
        not_exported="Vilken del av en handling som maskerades och på vilken grund; inget om den "
        "som begärde eller prövade (det exporteras med själva utlämnandet).",
    ),
]
