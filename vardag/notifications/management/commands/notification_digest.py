from django.core.management.base import BaseCommand

from vardag.notifications.tasks import send_daily_digests


class Command(BaseCommand):
    help = "Queue today's e-mail digests (run once a day, e.g. from cron or a systemd timer)."

    def handle(self, *args, **options):
        send_daily_digests.enqueue()
        self.stdout.write("Digests queued.")
