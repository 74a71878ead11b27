from django.core.management.base import BaseCommand

from participation.notifications.delivery import drain


class Command(BaseCommand):
    help = "Send every notification delivery that is due (run every minute by the scheduler)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=100)

    def handle(self, *args, batch, **options):
        sent = drain(limit=batch)
        self.stdout.write(f"Sent {sent} notification(s).")
