"""Reminds everyone signed up for tomorrow's duty days; run it daily. Idempotent."""

from django.core.management.base import BaseCommand

from participation.posts.services import send_reminders


class Command(BaseCommand):
    help = "Remind residents of tomorrow's duty days; nobody is reminded twice."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_reminders()} duty-day reminder(s).")
