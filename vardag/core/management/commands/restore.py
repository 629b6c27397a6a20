"""`vardag restore ARCHIVE`: replace the database and uploaded files with a checked backup."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vardag.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `vardag backup`. The whole archive is checked first; then the "
        "database and MEDIA_ROOT are replaced. Stop the web server and workers before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The archive written by `vardag backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask: replace the current database and uploaded files.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive (checksums, engine, version); change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            if options["check"]:
                import tempfile

                with tempfile.TemporaryDirectory(prefix="vardag-check-") as work:
                    manifest = backup.verify(path, Path(work))
                self.stdout.write(
                    f"{path} is a whole Vardag backup of {manifest['created_at']} "
                    f"({manifest['engine']}, {len(manifest['files']) - 1} uploaded file(s))."
                )
                return
            if not options["yes"] and not self._confirmed():
                raise CommandError("Nothing was changed.")
            result = backup.restore(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {result.created_at}: {result.tables} tables, "
            f"{result.rows} rows, {result.files} uploaded file(s). "
            "Run `vardag migrate` if this Vardag is newer than the backup."
        )

    def _confirmed(self) -> bool:
        """Ask on a terminal; without one (cron, a script) say so in one line, exit code 2."""
        stdin = sys.stdin
        if stdin is None or stdin.closed or not stdin.isatty():
            raise CommandError(
                "Not asked: there is no terminal to answer on. Nothing was changed; "
                "to restore from a script, pass --yes.",
                returncode=2,
            )
        try:
            answer = input(
                "This replaces the current database and every uploaded file. Type 'yes' to go on: "
            )
        except EOFError:
            return False
        return answer.strip().lower() == "yes"
