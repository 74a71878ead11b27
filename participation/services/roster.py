"""Keeping the roster ahead of the calendar: a month's duties exist and are public by its first."""

from datetime import timedelta

from django.utils import timezone

from participation.services import services
from participation.services.models import ServiceMonth

PUBLISH_DAYS_AHEAD = 7


def keep_roster_ahead(today=None) -> tuple[int, list]:
    """Build this month and next; publish this month's roster if it is not yet public, and
    next month's in the last ``PUBLISH_DAYS_AHEAD`` days before it begins. Staff may publish
    earlier from the desk; this job only makes sure nobody forgets."""
    today = today or timezone.localdate()
    this_month = services.month_start(today)
    coming = services.next_month(this_month)
    made = len(services.build_month(this_month)) + len(services.build_month(coming))
    due = [this_month] + ([coming] if coming - today <= timedelta(days=PUBLISH_DAYS_AHEAD) else [])
    unpublished = ServiceMonth.objects.filter(month__in=due, roster_published_at__isnull=True)
    published = [services.publish_roster(month.month) for month in unpublished]
    return made, published
