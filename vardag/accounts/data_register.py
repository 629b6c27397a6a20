"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "accounts.User",
        "Inloggning och identifiering av medarbetare: namn, e-post och titel visas för kollegor i ärenden de deltar i.",
        internal="id password is_superuser is_staff is_active date_joined organisation sessions_valid_after language groups user_permissions",
        personal="last_login username first_name last_name email title external_id",
        secret="password",
        collectors=("profile",),
    ),
    entry(
        "accounts.Membership",
        "Personens roll i en enhet (medarbetare, chef, administratör), som styr vad personen får se och göra.",
        internal="id unit role starts_on ends_on source created_at",
        personal="user",
        collectors=("memberships",),
    ),
    entry(
        "accounts.ApiToken",
        "A personal API token: shown once, stored as a SHA-256 digest, revocable.",
        internal="id name prefix digest request_key created_at last_used_at revoked_at",
        personal="user",
        secret="digest",
        collectors=("api_tokens",),
    ),
    entry(
        "accounts.UserSession",
        "One signed-in browser session, so a person can see and end their sessions.",
        internal="id session_key method created_at last_seen_at ended_at",
        personal="user user_agent ip_address",
        secret="session_key",
        collectors=("sessions",),
    ),
    entry(
        "accounts.OidcIdentity",
        "Links a person to the stable subject (sub/oid) of an OpenID Connect provider.",
        internal="id created_at last_login_at",
        personal="user issuer subject",
    ),
    entry(
        "accounts.GroupMapping",
        "A group claim from the identity provider that gives a role in a unit (set by the admin).",
        internal="id organisation group unit role created_at",
    ),
]
