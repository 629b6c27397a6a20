"""`vardag sweep_tasks`: recover tasks whose worker died (also run by every worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vardag.core import jobs


class Command(BaseCommand):
    help = "Queue again or fail background tasks whose worker died."

    def handle(self, *args: Any, **options: Any) -> None:
        count = jobs.sweep()
        self.stdout.write(f"{count} task(s) recovered")
