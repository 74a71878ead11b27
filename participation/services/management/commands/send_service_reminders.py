"""Reminds residents the evening before their staggered-hours appointment; run daily at 18:00."""

from django.core.management.base import BaseCommand

from participation.services.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Remind residents of tomorrow's staggered-hours appointments. Idempotent: a booking is "
        "reminded at most once however often this runs."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Reminded {sent} booking(s).")
