"""Daily run (cron or a systemd timer, like ideas_flag_overdue): follow-up reminders to line
owners, follow-up reviews for G3 decisions, review outcomes decided in meetings, and due
reviews placed on their forums' agendas."""

from django.core.management.base import BaseCommand

from vardag.pilots import services


class Command(BaseCommand):
    help = "Remind line owners of follow-ups and put due decision reviews on forum agendas."

    def handle(self, *args: object, **options: object) -> None:
        reminded = services.follow_up_remind()
        created, closed, placed = services.reviews_schedule()
        self.stdout.write(
            f"{reminded} follow-up reminder(s); reviews: {created} created, {closed} closed, "
            f"{placed} placed on agendas."
        )
