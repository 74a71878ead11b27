"""Hearing events told in the request that makes them true (the registration messages with a
ticket go through ``tasks``): a cancellation by staff, and the minutes or decisions published.
"""

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from participation.core.links import page_path
from participation.core.notifications import notify
from participation.hearings.models import Registration

CANCELLED_BY_STAFF = "participation_hearings.cancelled_by_staff"
OUTCOME_PUBLISHED = "participation_hearings.outcome_published"


def tell_cancelled_by_staff(registration, hearing) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("工作人员取消了您在《%(hearing)s》的报名") % {"hearing": hearing.name}
    notify(
        CANCELLED_BY_STAFF,
        [registration.author],
        title=title,
        url=page_path(hearing.page) or "/",
        obj=registration,
    )


def has_outcome(hearing) -> bool:
    """Whether the hearing's minutes or decisions say anything (an emptied editor keeps tags)."""
    return any(strip_tags(text or "").strip() for text in (hearing.minutes, hearing.decisions))


def announce_outcome(hearing) -> None:
    """The minutes or decisions were published: tell the registrants and the followers."""
    registrants = [
        registration.author
        for registration in hearing.registrations.exclude(
            status=Registration.Status.CANCELLED
        ).select_related("author")
    ]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("《%(hearing)s》的会议纪要和结果已公布") % {"hearing": hearing.name}
    notify(
        OUTCOME_PUBLISHED,
        registrants,
        title=title,
        url=page_path(hearing.page) or "/",
        obj=hearing,
        followers_of=hearing,
    )
