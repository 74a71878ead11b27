"""Tells followers of topics whose opinions close within two days; the scheduler runs it hourly."""

from django.core.management.base import BaseCommand

from participation.comments.notifying import announce_deadlines


class Command(BaseCommand):
    help = (
        "Notify the followers of comments modules (and their pages) that close within two "
        "days. Idempotent: each closing time is announced at most once."
    )

    def handle(self, *args, **options):
        told = announce_deadlines()
        self.stdout.write(f"Announced {told} closing deadline(s).")
