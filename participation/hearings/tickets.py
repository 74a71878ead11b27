"""What a registered resident carries to the door: the QR code and the calendar entry."""

import io

import segno
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from participation.core.links import site_host


def qr_svg_data_uri(registration) -> str:
    """The registration code as a QR code, inline in the page (CSP allows data: images)."""
    return segno.make(registration.qr_content, error="m").svg_data_uri(scale=6, border=2)


def qr_png(registration) -> bytes:
    buffer = io.BytesIO()
    segno.make(registration.qr_content, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def calendar_for(registration, url: str = "") -> bytes | None:
    """An iCalendar file with the meeting, or None while the meeting has no start time."""
    hearing = registration.module
    starts = hearing.meeting_starts_at
    if starts is None:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//Liubeiqiao Community//Hearings//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"hearing-registration-{registration.code}@{site_host()}")
    event.add("dtstamp", registration.created_at)
    event.add("dtstart", starts)
    event.add("dtend", hearing.meeting_ends_at or starts)
    event.add("summary", hearing.name)
    if hearing.meeting_venue:
        event.add("location", hearing.meeting_venue)
    description = _("报名码：%(code)s") % {"code": registration.code}
    event.add("description", description)
    if url:
        event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
