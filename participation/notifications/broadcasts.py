"""Notices staff send to a group of residents (通知公告): plan, check, store, queue.

Sending stores one inbox item per recipient and one delivery per channel it takes, in bulk
and by id (no user object per recipient), inside one transaction with the ``Broadcast``
record: either all of it is stored and queued, or nothing. The worker delivers.
"""

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.notifications.bulk import NewDelivery, insert_deliveries, insert_items
from participation.notifications.models import (
    Broadcast,
    Channel,
    Delivery,
    Preference,
    Rhythm,
    SmsOptOut,
)
from participation.notifications.notices import KIND, SMS_PART, sms_parts, sms_text
from participation.notifications.policy import route, sms_not_before
from participation.notifications.storing import queue_due

MAX_SMS_PARTS = 4


class BroadcastRefused(ValueError):
    """What staff asked cannot be sent; the message says why, in their language."""


@dataclass(frozen=True)
class Contact:
    """What routing reads of a resident: whether they have an address, a phone."""

    email: bool
    phone: bool


@dataclass(frozen=True)
class Recipient:
    user_id: int
    channel: str
    rhythm: str


@dataclass(frozen=True)
class Plan:
    recipients: list[Recipient]
    sms_parts: int

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(recipient.channel for recipient in self.recipients)
        return {channel: counted.get(channel, 0) for channel in Channel.values}

    @property
    def sms_messages(self) -> int:
        return self.counts[Channel.SMS] * self.sms_parts


def check_sms_length(title: str, body: str, url: str = "") -> int:
    """The number of parts of the notice's SMS, refused above ``MAX_SMS_PARTS``."""
    text = sms_text(title, body, url)
    parts = sms_parts(text)
    if parts > MAX_SMS_PARTS:
        message = _(
            "短信过长：共 %(length)d 字，将拆成 %(parts)d 条；最多 %(max)d 条"
            "（%(longest)d 字，含签名和链接）。请缩短正文。"
        )
        values = {"length": len(text), "parts": parts, "max": MAX_SMS_PARTS}
        raise BroadcastRefused(message % {**values, "longest": MAX_SMS_PARTS * SMS_PART})
    return parts


def plan(
    recipient_ids, community_id, *, title: str, body: str, url: str = "", urgent: bool = False
) -> Plan:
    """Who gets the notice by which channel: each active resident of the community (whatever
    a group answered) by their choice for notices, never SMS to one who replied TD; urgent
    ones reach phone-only residents by SMS, at once."""
    parts = check_sms_length(title, body, url)
    rows = (
        get_user_model()
        .objects.filter(pk__in=recipient_ids, is_active=True, community_id=community_id)
        .order_by("pk")
        # Whether they have an address and a phone is all the routing needs; parsing 10,000
        # phone numbers into objects took longer than storing the notice.
        .annotate(has_email=~Q(email=""), has_phone=Q(phone__isnull=False) & ~Q(phone=""))
        .values_list("pk", "has_email", "has_phone")
    )
    choices = {
        choice.user_id: choice
        for choice in Preference.objects.filter(kind=KIND, user_id__in=recipient_ids)
    }
    sms_off = set(
        SmsOptOut.objects.filter(user_id__in=recipient_ids).values_list("user_id", flat=True)
    )
    recipients = []
    for pk, has_email, has_phone in rows:
        way = route(Contact(has_email, has_phone), urgent, choices.get(pk), pk in sms_off)
        rhythm = Rhythm.IMMEDIATELY if urgent else way.rhythm
        recipients.append(Recipient(pk, way.channel, rhythm))
    return Plan(recipients, parts)


def send(*, community_id, audience, values, label, title, body, url="", urgent=False, sent_by=None):
    """Store the notice for every recipient of ``audience`` (a ``BroadcastAudience`` and the
    values staff picked) in the community and queue its delivery; the ``Broadcast`` that
    records it."""
    recipient_ids = audience.recipient_ids(values, community_id)
    planned = plan(recipient_ids, community_id, title=title, body=body, url=url, urgent=urgent)
    if not planned.recipients:
        raise BroadcastRefused(_("所选对象中没有可以接收通知的居民，未发送任何消息。"))
    now = timezone.now()
    with transaction.atomic():
        broadcast = Broadcast.objects.create(
            community_id=community_id,
            title=title,
            body=body,
            url=url,
            urgent=urgent,
            audience={"code": audience.code, "values": list(values)},
            audience_label=label[:500],
            sent_by=sent_by,
            sent_at=now,
            recipients=len(planned.recipients),
            counts=planned.counts,
            sms_parts=planned.sms_parts,
        )
        item_ids = insert_items(
            [recipient.user_id for recipient in planned.recipients],
            kind=KIND,
            title=title,
            url=url,
            object_id=broadcast.pk,
            urgent=urgent,
            created_at=now,
        )
        deliveries = _deliveries(item_ids, planned.recipients, now, urgent)
        insert_deliveries(deliveries)
        queue_due(deliveries, now)
    return broadcast


def _deliveries(item_ids, recipients, now, urgent) -> list[NewDelivery]:
    sms_at = sms_not_before(now, urgent)
    return [
        NewDelivery(
            item_id=item_ids[recipient.user_id],
            channel=recipient.channel,
            digest=recipient.rhythm,
            not_before=sms_at if recipient.channel == Channel.SMS else now,
        )
        for recipient in recipients
        if recipient.channel != Channel.NONE
    ]


def delivery_status(broadcast: Broadcast) -> dict[str, dict[str, int]]:
    """``{channel: {status: count}}`` of the notice's deliveries, in one query."""
    rows = (
        Delivery.objects.filter(item__kind=KIND, item__object_id=broadcast.pk)
        .values("channel", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["channel"], {})[row["status"]] = row["count"]
    return table
