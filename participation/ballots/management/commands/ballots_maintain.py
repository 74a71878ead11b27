"""Freeze the roll of ballots that have opened and mix the box of ballots that have closed.

Run it from cron every few minutes. Both steps are idempotent and also happen lazily (on first
access after opening, and at certification), so the command only shortens the time a box
stays in casting order on disk.
"""

from django.core.management.base import BaseCommand

from participation.ballots import services


class Command(BaseCommand):
    help = "Freeze voter rolls of opened ballots; mix the ballot box of closed ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--mix-open",
            action="store_true",
            help="Also mix the boxes of ballots still open (run every few minutes while voting).",
        )

    def handle(self, *args, mix_open=False, **options):
        frozen = services.freeze_due_ballots()
        mixed = services.close_due_ballots()
        if mix_open:
            mixed += services.mix_open_ballots()
        self.stdout.write(f"rolls frozen: {frozen}; boxes mixed: {mixed}")
