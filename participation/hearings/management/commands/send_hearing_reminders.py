"""Queues the day-before reminders; run it daily (cron or a systemd timer), e.g. at 09:00."""

from django.core.management.base import BaseCommand

from participation.hearings.tasks import enqueue_reminders


class Command(BaseCommand):
    help = (
        "Queue reminder e-mails for hearings that start tomorrow. Idempotent: a registration "
        "is reminded at most once however often this runs."
    )

    def handle(self, *args, **options):
        queued = enqueue_reminders()
        self.stdout.write(f"Queued reminders for {len(queued)} hearing(s).")
