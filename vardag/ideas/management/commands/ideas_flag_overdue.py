"""Flag ideas whose feedback is overdue (run daily, e.g. from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from vardag.ideas import services


class Command(BaseCommand):
    help = "Flag ideas with overdue feedback to their responsible managers."

    def handle(self, *args: object, **options: object) -> None:
        count = services.feedback_overdue_flag()
        self.stdout.write(f"{count} idea(s) flagged.")
