"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "notifications.Notification",
        "Aviseringar till en person om ärenden hen följer eller ansvarar för, i inkorgen och ibland per e-post.",
        internal="id organisation kind url created_at read_at emailed_at delivery topic handled_at",
        personal="recipient subject body handled_note",
        collectors=("notifications",),
    ),
    entry(
        "notifications.NotificationPreference",
        "How one person wants e-mail about one kind of notification.",
        internal="id kind delivery updated_at",
        personal="user",
        collectors=("notification_preferences",),
    ),
]
