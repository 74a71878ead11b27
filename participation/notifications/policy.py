"""Which channel a notification takes to one resident, and when an SMS may go out."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from participation.notifications.models import Channel, Rhythm


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


def route(user, must_know: bool, preference=None, sms_off: bool = False) -> Route:
    """The resident's choice where it can reach them; a must-know message reaches residents
    with only a phone by SMS, never in a digest, whatever they chose. ``sms_off``: they
    replied TD to an SMS, so no SMS at all; the inbox still has every message."""
    way = _route(user, must_know, preference)
    return Route(Channel.NONE) if sms_off and way.channel == Channel.SMS else way


def _route(user, must_know: bool, preference=None) -> Route:
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
    """``now``, or the end of quiet hours (``SMS_QUIET_HOURS``, site time) when ``now`` falls
    in them: at 22:30 an SMS waits until 08:00 the next morning; an urgent one never waits."""
    start, end = settings.SMS_QUIET_HOURS
    local = timezone.localtime(now)
    if urgent or not _is_quiet(local.time(), start, end):
        return now
    morning = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return morning if morning > local else morning + timedelta(days=1)


def _is_quiet(moment: time, start: time, end: time) -> bool:
    if start == end:
        return False
    if start > end:  # the window runs over midnight
        return moment >= start or moment < end
    return start <= moment < end
