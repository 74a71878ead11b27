"""The delivery log staff read: each row with the recipient's contact masked, and the retry
of failed deliveries."""

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from participation.notifications.models import Channel, Delivery
from participation.notifications.storing import queue_due


def mask_email(address: str) -> str:
    """w***@example.com: enough to tell two rows apart, not to write to anyone."""
    if not address or "@" not in address:
        return ""
    name, domain = address.rsplit("@", 1)
    return f"{name[:1]}***@{domain}"


def mask_phone(phone) -> str:
    """138****8000: the network and the last four digits."""
    if not phone:
        return ""
    try:
        number = phonenumbers.parse(str(phone), settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return "****"
    digits = str(number.national_number)
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def masked_contact(delivery: Delivery) -> str:
    user = delivery.item.recipient
    if delivery.channel == Channel.SMS:
        return mask_phone(user.phone)
    return mask_email(user.email)


def log_rows():
    """Deliveries newest first with what a row shows, in one query."""
    return (
        Delivery.objects.select_related("item__recipient")
        .only(
            "channel",
            "status",
            "attempts",
            "sent_at",
            "not_before",
            "error",
            "item__kind",
            "item__title",
            "item__object_id",
            "item__created_at",
            "item__recipient__email",
            "item__recipient__phone",
        )
        .order_by("-item__created_at", "-pk")
    )


def retry_failed(delivery_ids) -> int:
    """Make failed deliveries due again (a fresh count of attempts) and queue them; bounced
    ones are not retried: the provider said the address or number does not take messages."""
    now = timezone.now()
    with transaction.atomic():
        failed = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=delivery_ids, status=Delivery.Status.FAILED)
            .only("pk", "item_id", "digest")
        )
        Delivery.objects.filter(pk__in=[row.pk for row in failed]).update(
            status=Delivery.Status.PENDING, not_before=now, attempts=0, error=""
        )
        for row in failed:
            row.not_before = now
        queue_due(failed, now)
    return len(failed)
