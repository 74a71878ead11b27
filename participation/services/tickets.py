"""The calendar entry of a booked slot, and a cadre's duties as a calendar."""

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from participation.core.links import site_host


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Liubeiqiao Community//Staggered-hours service//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def booking_calendar(booking, url: str = "") -> bytes | None:
    """The slot of a booking, or None when it has no slot (代办, a time still to agree)."""
    duty = booking.duty
    if duty is None:
        return None
    calendar = _calendar()
    event = Event()
    event.add("uid", f"service-booking-{booking.pk}@{site_host()}")
    event.add("dtstamp", booking.created_at)
    event.add("dtstart", duty.starts_at)
    event.add("dtend", duty.ends_at)
    event.add("summary", _("错时服务：%(matter)s") % {"matter": booking.matter})
    event.add("location", duty.venue)
    bring = booking.matter.items_to_bring
    if bring:
        event.add("description", _("需携带：%(items)s") % {"items": "、".join(bring)})
    if url:
        event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()


def cadre_calendar(cadre, duties) -> bytes:
    """A cadre's turns of duty (当班), for their own calendar."""
    calendar = _calendar()
    for duty in duties:
        event = Event()
        event.add("uid", f"service-duty-{duty.pk}@{site_host()}")
        event.add("dtstamp", duty.starts_at)
        event.add("dtstart", duty.starts_at)
        event.add("dtend", duty.ends_at)
        event.add("summary", _("错时当班：%(cadre)s") % {"cadre": cadre})
        event.add("location", duty.venue)
        calendar.add_component(event)
    return calendar.to_ical()
