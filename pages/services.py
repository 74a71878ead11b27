"""Business rules that must hold under concurrent publishing."""

from django.db import transaction
from django.utils import timezone


@transaction.atomic
def assign_disclosure_number(page) -> None:
    """Give ``page`` the next number of its category in this year, e.g. 居务〔2026〕7号.

    The counter row of (category, year) is created if missing (ignoring a concurrent
    creation) and then locked, so parallel publishes in one category wait for each other and
    take consecutive numbers; the unique constraint on (category, year, serial) is the last
    line of defence. A number is never reused: the counter only goes up.
    """
    from pages.models import DisclosureCounter

    year = timezone.localdate().year
    DisclosureCounter.objects.bulk_create(
        [DisclosureCounter(category_id=page.category_id, year=year)], ignore_conflicts=True
    )
    counter = DisclosureCounter.objects.select_for_update().get(
        category_id=page.category_id, year=year
    )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    page.serial_year = year
    page.serial = counter.last_serial
    page.number = f"{page.category.number_prefix}〔{year}〕{counter.last_serial}号"
