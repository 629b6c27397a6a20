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
        public="received_on status plan outcome handled_at",
        internal="id organisation code_digest created_at",
        personal="subject note created_by",
        secret="code_digest",
    ),
]
