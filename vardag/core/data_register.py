"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "core.Organisation",
        "Kommunen eller förvaltningen som använder Vardag: namn, organisationsnummer och inställningar (undertrycksgräns, gallringstid).",
        public="name slug org_number default_language feedback_deadline_days suppression_threshold",
        internal="id kind created_at",
    ),
    entry(
        "core.Unit",
        "Organisationens enheter (förvaltning, avdelning, enhet) för behörighet och för att visa var idéer och resultat hör hemma.",
        public="name code closed_at",
        internal="id organisation parent kind created_at",
    ),
    entry(
        "core.CollaborationAgreement",
        "Samverkansöverenskommelse: the only thing that lets data cross organisations.",
        public="title purpose valid_from valid_until terminated_at",
        internal="id created_at parties unit_parties",
    ),
    entry(
        "core.AuditEvent",
        "One row per change: who did what to which object, when.",
        public="action target_type target_id target_label data",
        internal="id organisation created_at",
        personal="actor actor_label",
        collectors=("actions",),
    ),
    entry(
        "core.Job",
        "Progress of a long background job, shown by the progress component.",
        internal="title message result result_url id organisation kind status done total created_at updated_at task_path task_args task_id interrupted_at",
        machine="task_path task_args task_id",
        personal="owner",
    ),
    entry(
        "core.WorkerLease",
        "Vilken bakgrundsprocess (värd och process-id) som kör jobb och när den senast hördes av, för att upptäcka döda processer.",
        internal="worker_id hostname pid started_at seen_at",
    ),
    entry(
        "core.RateLimitWindow",
        "Failed attempts from one client in one time window, for one kind of guessable secret.",
        internal="id scope client window_start count",
    ),
]
