"""From an event to rows: one inbox item per recipient, one delivery per channel it takes."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from participation.core.notifications import Notification
from participation.notifications.following import follower_ids
from participation.notifications.models import (
    Channel,
    Delivery,
    Item,
    Preference,
    Rhythm,
    SmsOptOut,
)
from participation.notifications.policy import route, sms_not_before
from participation.notifications.tasks import deliver_items
from participation.notifications.unread import forget_unread

TASK_BATCH = 200
"""Items per queued delivery task: a broadcast becomes many small tasks, not one huge one."""


def store(notification: Notification) -> list[Item]:
    """Store the event for every active recipient (those named and the followers of its
    ``followers_of``, less its ``exclude_ids``) and queue the delivery of the new rows.

    Runs in the caller's transaction. With the database task backend the queued task rows
    commit (or roll back) with the items, so a worker never sees an event that did not happen.
    """
    now = timezone.now()
    recipient_ids = set(notification.recipient_ids) | follower_ids(notification.followers_of)
    recipient_ids -= set(notification.exclude_ids)
    users = list(
        get_user_model()
        .objects.filter(pk__in=recipient_ids, is_active=True)
        .only("pk", "email", "phone")
        .order_by("pk")
    )
    choices = {
        choice.user_id: choice
        for choice in Preference.objects.filter(user__in=users, kind=notification.kind)
    }
    sms_off = set(SmsOptOut.objects.filter(user__in=users).values_list("user_id", flat=True))
    items = Item.objects.bulk_create(
        Item(
            recipient=user,
            kind=notification.kind,
            title=notification.title[:255],
            url=notification.url,
            object_id=notification.object_id,
            urgent=notification.urgent,
            created_at=now,
        )
        for user in users
    )
    deliveries = []
    for item, user in zip(items, users, strict=True):
        way = route(user, notification.must_know, choices.get(user.pk), user.pk in sms_off)
        if way.channel == Channel.NONE:
            continue
        not_before = sms_not_before(now, notification.urgent) if way.channel == Channel.SMS else now
        deliveries.append(
            Delivery(item=item, channel=way.channel, digest=way.rhythm, not_before=not_before)
        )
    Delivery.objects.bulk_create(deliveries)
    forget_unread(user.pk for user in users)
    queue_due(deliveries, now)
    return items


def queue_due(deliveries: list[Delivery], now) -> None:
    """Queue the delivery tasks of what may go out at once (not digests, not quiet hours)."""
    item_ids = [
        delivery.item_id
        for delivery in deliveries
        if delivery.digest == Rhythm.IMMEDIATELY and delivery.not_before <= now
    ]
    for start in range(0, len(item_ids), TASK_BATCH):
        deliver_items.enqueue(item_ids[start : start + TASK_BATCH])
