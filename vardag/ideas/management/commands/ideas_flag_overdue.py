"""Flag ideas whose feedback is overdue (run daily, e.g. from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from vardag.ideas import services


class Command(BaseCommand):
    help = "Flag overdue feedback and ideas on hold that are due to be taken up again."

    def handle(self, *args: object, **options: object) -> None:
        count = services.feedback_overdue_flag()
        due = services.revisit_due_flag()
        self.stdout.write(f"{count} idea(s) with overdue feedback, {due} to revisit.")
