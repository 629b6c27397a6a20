"""Erase answer files whose import has expired (run daily, e.g. from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from vardag.surveys import importers


class Command(BaseCommand):
    help = "Erase the content of answer imports that were never applied and have expired."

    def handle(self, *args: object, **options: object) -> None:
        count = importers.answer_import_purge_expired()
        self.stdout.write(f"{count} expired answer file(s) erased.")
