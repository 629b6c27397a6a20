"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "surveys.Questionnaire",
        "Enkäter och instrument (t.ex. förutsättningsinstrumentet) som organisationen skickar ut.",
        internal="id organisation title description kind instrument_version created_at",
        personal="created_by",
    ),
    entry(
        "surveys.Version",
        "One version of a questionnaire; frozen at its first response (changes make a new one).",
        internal="id questionnaire number frozen_at created_at",
        not_exported="Frågeformulärets version, inga personuppgifter.",
    ),
    entry(
        "surveys.Dimension",
        "Dimension i ett enkätinstrument, för att räkna samman svar.",
        internal="id version code name_sv name_en description_sv description_en order",
    ),
    entry(
        "surveys.Section",
        "Avsnitt i en enkätversion, med villkor för när det visas.",
        internal="id version order title_sv title_en condition_item condition_value",
    ),
    entry(
        "surveys.Item",
        "Fråga i en enkätversion.",
        internal="id version section dimension order code kind text_sv text_en manager_text_sv manager_text_en choices is_reversed is_required",
    ),
    entry(
        "surveys.Round",
        "En utskickad enkätomgång till valda enheter, med öppning och stängning.",
        internal="id organisation version title previous status closes_on is_open_link open_token opened_at closed_at created_at target_units",
        personal="created_by",
        secret="open_token",
    ),
    entry(
        "surveys.Invitation",
        "Who is asked (for the link and reminders); never joined to a response.",
        internal="id round unit audience token_hash nonce is_used reminders_sent",
        personal="user",
        secret="token_hash nonce",
    ),
    entry(
        "surveys.Response",
        "Ett inlämnat enkätsvar, lagrat utan koppling till den svarande (bara enhet och målgrupp).",
        internal="id round unit audience language draft_key page submitted_on source",
        personal="respondent_ref",
        secret="draft_key",
        not_exported="Enkätsvar lagras utan koppling till den svarande (anonymitet), så de kan inte lämnas ut per person.",
    ),
    entry(
        "surveys.Answer",
        "Svar på en fråga i ett enkätsvar; fritext rensas från identifierande uppgifter innan lagring.",
        internal="id response item",
        sensitive="value text choices",
    ),
    entry(
        "surveys.AnswerImport",
        "An uploaded answer file between its steps: column mapping → dry run → apply.",
        internal="id organisation round file_name sha256 encoding headers mapping status report created_at expires_at applied_at",
        machine="sha256",
        personal="created_by",
        sensitive="content",
        secret="content",
    ),
]
