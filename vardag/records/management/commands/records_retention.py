"""Daily run (cron or a systemd timer, like pilots_daily): remove or anonymise what every
organisation's retention rules say has expired, each step audited."""

from typing import Any

from django.core.management.base import BaseCommand

from vardag.records import services


class Command(BaseCommand):
    help = "Apply the organisations' retention rules (gallring): remove or anonymise what expired."

    def handle(self, *args: Any, **options: Any) -> None:
        results = services.retention_run()
        total = sum(sum(counts.values()) for counts in results.values())
        self.stdout.write(
            f"Retention rules applied for {len(results)} organisation(s): {total} record(s) "
            "removed or anonymised."
        )
