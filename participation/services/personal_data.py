"""A resident's bookings and messages in their data download, and what deleting the account
erases; a cadre's turns of duty likewise."""

from django.utils import timezone

from participation.services import services
from participation.services.models import Booking, BookingMessage, Duty, DutyPattern, Leave
from plugins import PersonalData


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _booking_record(booking) -> dict:
    return {
        "id": booking.pk,
        "matter": booking.matter.name,
        "channel": booking.channel,
        "mode": booking.mode,
        "slot_starts_at": _iso(booking.duty.starts_at) if booking.duty_id else None,
        "requested_time": _iso(booking.requested_time),
        "details": booking.details,
        "status": booking.status,
        "created_at": _iso(booking.created_at),
        "accepted_at": _iso(booking.accepted_at),
        "replied_at": _iso(booking.replied_at),
        "done_at": _iso(booking.done_at),
        "reply": booking.reply,
        "result": booking.result,
        "decline_reason": booking.decline_reason,
        "rating": booking.rating,
        "rating_comment": booking.rating_comment,
        "corrects": booking.corrects_id,
        "messages": [
            {"text": message.text, "at": _iso(message.created_at)}
            for message in booking.messages.all()
        ],
    }


def personal_data(user) -> PersonalData:
    """The resident's bookings (with the cadres' messages to them); for a cadre, also their
    weekly turns, duties and leave."""
    bookings = (
        Booking.objects.filter(author=user)
        .select_related("matter", "duty")
        .prefetch_related("messages")
    )
    records = {"bookings": [_booking_record(booking) for booking in bookings]}
    if user.is_staff:
        records["duties"] = [
            {"starts_at": _iso(duty.starts_at), "ends_at": _iso(duty.ends_at), "venue": duty.venue}
            for duty in Duty.objects.filter(cadre=user)
        ]
        records["leave"] = [
            {"starts_on": leave.starts_on.isoformat(), "ends_on": leave.ends_on.isoformat()}
            for leave in Leave.objects.filter(cadre=user)
        ]
    return PersonalData(records=records)


def erase_personal_data(user) -> None:
    """Forget the person; keep the duty log whole.

    - Open bookings are cancelled: nobody will come, and the place goes back to the slot.
    - Every entry of the duty log stays (the committee's checks and the public summary count
      it), with the matter and the times, but without the resident: the link, the visitor's
      name, what they wrote and their rating comment are removed. The rating itself stays.
    - A cadre's future duties lose their cadre and their open bookings are flagged for
      reassignment (never dropped); their weekly turns and leave go with the account.
    - Messages they wrote lose their author; the text to the resident stays with the entry.
    """
    Booking.objects.filter(author=user, status__in=Booking.ACTIVE).update(
        status=Booking.Status.CANCELLED, closed_at=timezone.now()
    )
    Booking.objects.filter(author=user).update(
        author=None, visitor_name="", details="", rating_comment=""
    )
    if user.is_staff:
        services.release_cadre(user)
        DutyPattern.objects.filter(cadre=user).delete()
    BookingMessage.objects.filter(author=user).update(author=None)
