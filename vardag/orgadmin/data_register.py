"""Personal data register entries for this app (see vardag.core.register)."""

from vardag.core.register import entry

ENTRIES = [
    entry(
        "orgadmin.HrImport",
        "One uploaded HR or directory export, from mapping through dry run to apply.",
        internal="id organisation file_name file_format encoding delimiter headers mapping status row_count summary scope job created_at applied_at",
        personal="created_by",
        sensitive="content rejected",
        secret="content",
    ),
]
