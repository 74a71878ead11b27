"""Residents' replies to an SMS, pushed by the provider: TD (退订) ends SMS for them.

Alibaba Cloud pushes replies (SmsUp, "HTTP batch push") as a JSON array of
``{"phone_number", "content", "send_time", "dest_code", "sequence_id"}`` and expects
``{"code": 0, "msg": "…"}`` with HTTP 200; anything else is pushed again later.
"""

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from participation.notifications.models import SmsOptOut

STOP_WORDS = {"TD", "退订", "T", "N"}


def is_stop(content) -> bool:
    return isinstance(content, str) and content.strip().upper() in STOP_WORDS


def e164(number) -> str | None:
    try:
        parsed = phonenumbers.parse(str(number), settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def opt_out_replies(replies: list) -> int:
    """Record an opt-out for each stop reply from a known number; how many residents."""
    phones = {
        number
        for reply in replies
        if isinstance(reply, dict) and is_stop(reply.get("content"))
        if (number := e164(reply.get("phone_number", "")))
    }
    if not phones:
        return 0
    user_ids = list(get_user_model().objects.filter(phone__in=phones).values_list("pk", flat=True))
    with transaction.atomic():
        SmsOptOut.objects.bulk_create(
            [SmsOptOut(user_id=pk) for pk in user_ids], ignore_conflicts=True
        )
    return len(user_ids)
