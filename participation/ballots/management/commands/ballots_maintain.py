"""Freeze the roll of ballots that have opened, tell their electorate, remind those who have
not voted a day before closing, and mix the box of ballots that have closed.

Run it from cron every few minutes. Both steps are idempotent and also happen when needed (the
first vote or desk visit after opening freezes the roll, certification mixes the box), so the
command takes the roll at opening rather than at first use, and shortens the time a box stays
in casting order on disk.
"""

from django.core.management.base import BaseCommand

from participation.ballots.mixing import close_due_ballots, mix_open_ballots
from participation.ballots.notices import announce_openings, remind_closing
from participation.ballots.roll import freeze_due_ballots


class Command(BaseCommand):
    help = (
        "Freeze voter rolls of opened ballots and announce them (once); remind voters a day "
        "before closing (once); mix the ballot box of closed ones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--mix-open",
            action="store_true",
            help="Also mix the boxes of ballots still open (run every few minutes while voting).",
        )

    def handle(self, *args, mix_open=False, **options):
        frozen = freeze_due_ballots()
        announced = announce_openings()
        reminded = remind_closing()
        mixed = close_due_ballots()
        if mix_open:
            mixed += mix_open_ballots()
        self.stdout.write(
            f"rolls frozen: {frozen}; opened announced: {announced}; closing reminded: "
            f"{reminded}; boxes mixed: {mixed}"
        )
