"""Which channel a notification takes to one resident, and when an SMS may go out."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from participation.notifications.models import Channel, Rhythm

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


@dataclass(frozen=True)
class Route:
    channel: str
    rhythm: str = Rhythm.IMMEDIATELY


def default_route(user, must_know: bool) -> Route:
    """Without a choice of their own: e-mail when they have an address; a must-know message
    by SMS when they have only a phone; otherwise the inbox alone (SMS costs money)."""
    if user.email:
        return Route(Channel.EMAIL)
    if must_know and user.phone:
        return Route(Channel.SMS)
    return Route(Channel.NONE)


def route(user, must_know: bool, preference=None) -> Route:
    """The resident's choice where it can reach them; a must-know message reaches residents
    with only a phone by SMS, at once, whatever they chose."""
    if must_know and not user.email and user.phone:
        return Route(Channel.SMS)
    if preference is None:
        return default_route(user, must_know)
    if not reachable(user, preference.channel):
        return Route(Channel.NONE)
    return Route(preference.channel, preference.rhythm)


def reachable(user, channel: str) -> bool:
    if channel == Channel.EMAIL:
        return bool(user.email)
    if channel == Channel.SMS:
        return bool(user.phone)
    return True


def sms_not_before(now: datetime, urgent: bool) -> datetime:
    """``now``, or 08:00 site time when ``now`` falls in quiet hours (21:00–08:00)."""
    if urgent:
        return now
    local = timezone.localtime(now)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return now
    morning = local.replace(hour=QUIET_UNTIL.hour, minute=0, second=0, microsecond=0)
    return morning if local.time() < QUIET_UNTIL else morning + timedelta(days=1)
