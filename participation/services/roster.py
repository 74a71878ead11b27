"""Keeping the roster ahead of the calendar: each community's month of duties exists and is
public by its first."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from participation.services import services
from participation.services.models import ServiceMonth

PUBLISH_DAYS_AHEAD = 7


def keep_roster_ahead(today=None) -> tuple[int, list]:
    """Build this month and next for every community, from its own weekly turns; publish this
    month's roster if it is not yet public, and next month's in the last ``PUBLISH_DAYS_AHEAD``
    days before it begins. Staff may publish earlier from the desk; this job only makes sure
    nobody forgets."""
    today = today or timezone.localdate()
    this_month = services.month_start(today)
    coming = services.next_month(this_month)
    made = 0
    for community_id in Site.objects.order_by("pk").values_list("pk", flat=True):
        made += len(services.build_month(this_month, community_id))
        made += len(services.build_month(coming, community_id))
    due = [this_month] + ([coming] if coming - today <= timedelta(days=PUBLISH_DAYS_AHEAD) else [])
    unpublished = ServiceMonth.objects.filter(month__in=due, roster_published_at__isnull=True)
    published = [services.publish_roster(month.month, month.community_id) for month in unpublished]
    return made, published
