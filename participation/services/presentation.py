"""What the service shows: its block on a page (the catalogue, the published roster, last
month's summary, the way to book) and the resident's rows on their 我的参与 page."""

from datetime import timedelta

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from participation.residents.communities import community_id_of_module
from participation.services import stats
from participation.services.models import Booking, Duty, Matter, ServiceMonth
from participation.services.services import month_start, next_month
from plugins import ParticipationRow


def published_roster(first, community_id):
    """A community's duties of the month when its roster is published, else None."""
    published = ServiceMonth.objects.filter(
        community_id=community_id, month=first, roster_published_at__isnull=False
    )
    if not published.exists():
        return None
    starts, ends = stats.month_bounds(first)
    duties = Duty.objects.filter(
        community_id=community_id, starts_at__gte=starts, starts_at__lt=ends
    )
    return list(duties.select_related("cadre"))


def previous_month(first):
    return month_start(first.replace(day=1) - timedelta(days=1))


def module_context(request, module) -> dict:
    """Public and the same for everyone (the page may be cached): nothing per resident; the
    catalogue, roster and summary of the module's community only."""
    community_id = community_id_of_module(module)
    this_month = month_start(timezone.localdate())
    last_month = previous_month(this_month)
    return {
        "matters": list(Matter.objects.filter(community_id=community_id, is_active=True)),
        "month": this_month,
        "roster": published_roster(this_month, community_id) if module.show_roster else None,
        "next_month": next_month(this_month),
        "summary": stats.public_summary(last_month, community_id) if module.show_summary else None,
        "book_url": reverse("participation_services:book", args=[module.pk]),
        "roster_url": reverse("participation_services:roster", args=[module.pk]),
    }


def appointment_text(booking) -> str:
    starts = booking.appointment_starts_at
    if booking.mode == Booking.Mode.DELEGATE:
        return _("代办")
    if starts is None:
        return ""
    return formats.date_format(timezone.localtime(starts), "DATETIME_FORMAT")


def my_participation(user) -> list[ParticipationRow]:
    bookings = Booking.objects.filter(author=user).select_related("matter", "duty")
    return [
        ParticipationRow(
            title=str(booking.matter),
            url=reverse("participation_services:booking", args=[booking.pk]),
            action=_("错时服务预约（%(when)s）") % {"when": appointment_text(booking)},
            state=booking.get_status_display(),
            at=booking.created_at,
        )
        for booking in bookings
    ]
