"""Builds this month's and next month's duties from the weekly turns and publishes a month's
roster by its first day; run daily (the scheduler does it at 06:00)."""

from django.core.management.base import BaseCommand

from participation.services.roster import keep_roster_ahead


class Command(BaseCommand):
    help = (
        "Build this month's and next month's staggered-hours duties from the weekly turns and "
        "publish next month's roster in the last week before it. Idempotent."
    )

    def handle(self, *args, **options):
        made, published = keep_roster_ahead()
        self.stdout.write(f"Made {made} duties; published {len(published)} month(s).")
