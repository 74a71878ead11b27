"""What a notice (通知公告) says in each channel; read afresh by the worker at delivery."""

import math

from django.conf import settings
from django.core.mail import EmailMessage

from participation.core.links import absolute_url
from participation.notifications.models import Broadcast

KIND = "participation_notifications.broadcast"
SMS_SINGLE = 70
"""Characters of one SMS in Chinese (UCS-2); a longer one is sent in parts of SMS_PART."""
SMS_PART = 67


def sms_text(title: str, body: str, url: str = "") -> str:
    """The SMS as a resident reads it; the provider counts the signature in its length."""
    link = f" {absolute_url(url)}" if url else ""
    return f"【{settings.SMS_SIGN_NAME}】{title}：{body}{link}"


def sms_parts(text: str) -> int:
    """How many SMS the provider bills: one up to 70 characters, else parts of 67."""
    return 1 if len(text) <= SMS_SINGLE else math.ceil(len(text) / SMS_PART)


def compose_email(broadcast_id: int):
    """The notice's e-mail: its title, its body and its link."""
    broadcast = Broadcast.objects.filter(pk=broadcast_id).first()
    if broadcast is None:
        return None
    link = f"\n\n{absolute_url(broadcast.url)}" if broadcast.url else ""
    return EmailMessage(" ".join(broadcast.title.split()), f"{broadcast.body}{link}\n")


def compose_sms(broadcast_id: int) -> dict | None:
    """The notice's SMS template parameters and text, or None when it is gone."""
    broadcast = Broadcast.objects.filter(pk=broadcast_id).first()
    if broadcast is None:
        return None
    url = absolute_url(broadcast.url) if broadcast.url else ""
    return {
        "params": {"title": broadcast.title, "body": broadcast.body, "url": url},
        "text": sms_text(broadcast.title, broadcast.body, broadcast.url),
    }
