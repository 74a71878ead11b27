"""The evening-before reminders: one per booking, whatever how often the job runs."""

import logging
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.core.notifications import notify
from participation.services.models import Booking
from participation.services.services import booking_url

logger = logging.getLogger(__name__)


def due_tomorrow(now=None):
    """Open bookings whose slot is tomorrow (site time) and not yet reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    tz = timezone.get_current_timezone()
    starts = datetime.combine(tomorrow, time.min, tzinfo=tz)
    return Booking.objects.filter(
        status__in=(Booking.Status.SUBMITTED, Booking.Status.ACCEPTED),
        reminder_sent_at__isnull=True,
        author__isnull=False,
        duty__starts_at__gte=starts,
        duty__starts_at__lt=starts + timedelta(days=1),
    )


def send_reminders(now=None) -> int:
    """Claim each booking with one conditional UPDATE, then tell its resident in the same
    transaction: two runs never both remind, and a failed notification gives the claim back."""
    sent = 0
    for pk in list(due_tomorrow(now).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not claimed:
                continue
            booking = Booking.objects.select_related("author", "matter", "duty").get(pk=pk)
            starts = timezone.localtime(booking.duty.starts_at)
            notify(
                "participation_services.reminder",
                [booking.author],
                title=_("明天 %(time)s 错时服务：%(matter)s")
                % {"time": f"{starts:%H:%M}", "matter": booking.matter},
                url=booking_url(booking),
                obj=booking,
            )
            sent += 1
    logger.info("Sent %s service reminder(s)", sent)
    return sent
