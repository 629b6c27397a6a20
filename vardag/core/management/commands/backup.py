"""`vardag backup`: the database and uploaded files in one checked archive (vardag.core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vardag.core import backup


class Command(BaseCommand):
    help = (
        "Write a backup archive (database and uploaded files, with a manifest of checksums). "
        "Safe while Vardag runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "output",
            nargs="?",
            help="Archive to write, or a folder to write it in (default: the current folder).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"] or ".")
        if output.is_dir():
            output = output / backup.default_name()
        if output.exists():
            raise CommandError(f"{output} exists already; choose another name.")
        try:
            manifest = backup.create(output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(
            f"Backup written to {output}: {manifest['engine']} database, "
            f"{len(manifest['tables'])} tables, {rows} rows, {files} uploaded file(s)."
        )
