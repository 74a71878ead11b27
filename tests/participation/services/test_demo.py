"""The demo: the service block on the duty-roster disclosure (no hand-typed table), the real
roster for this month and next, a dozen entries across statuses, last month's summary."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from participation.services import demo, services, stats
from participation.services.models import Booking, Duty, ServiceMonth

pytestmark = pytest.mark.django_db


def test_loader_skips_a_missing_page():
    demo.load()
    assert not Booking.objects.exists()


def test_the_demo_service(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    page = Page.objects.get(url_path=demo.ROSTER_PATH).specific
    assert not [block for block in page.body if block.block_type == "table"]
    [block] = [block for block in page.body if block.block_type == "participation"]
    assert block.value.kind == "services"

    this_month = services.month_start(timezone.localdate())
    for first in (this_month, services.next_month(this_month)):
        assert ServiceMonth.objects.get(month=first).roster_published_at is not None
        starts, ends = stats.month_bounds(first)
        assert Duty.objects.filter(starts_at__gte=starts, starts_at__lt=ends).count() >= 16

    statuses = set(Booking.objects.values_list("status", flat=True))
    assert Booking.objects.count() >= 12
    assert {"submitted", "accepted", "in_progress", "replied", "done", "declined"} <= statuses
    assert set(Booking.objects.values_list("channel", flat=True)) == {"online", "phone", "walk_in"}

    html = client.get(page.url).text
    assert "刘副主任" in html
    assert "证明开具" in html
    assert "按时办结" in html

    counts = Booking.objects.count()
    call_command("load_demo")
    assert Booking.objects.count() == counts
