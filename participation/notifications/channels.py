"""The channels behind one interface: ``send(item)`` delivers one inbox item or raises
``DeliveryFailed``. E-mail goes through Django's e-mail API (any EMAIL_BACKEND, or
django-anymail's), SMS through the backend in ``settings.SMS_BACKEND``."""

from smtplib import SMTPRecipientsRefused

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from participation.core.links import absolute_url
from participation.core.notifications import declared_kinds
from participation.notifications import notices, sms
from participation.notifications.models import Channel
from participation.notifications.unsubscribe import make_token

SMS_TITLE_LENGTH = 35
"""Providers limit each template variable (Alibaba Cloud: 35 characters)."""


class EmailChannel:
    name = Channel.EMAIL

    def send(self, item) -> None:
        user = item.recipient
        require_email(user)
        with translation.override(settings.LANGUAGE_CODE):
            message = self.compose(item)
        self.send_message(user, message, kinds=[item.kind])

    def send_message(self, user, message: EmailMessage, kinds) -> None:
        """Send ``message`` to ``user`` with the one-click unsubscribe from ``kinds``."""
        require_email(user)
        with translation.override(settings.LANGUAGE_CODE):
            unsubscribe = absolute_url(
                reverse(
                    "participation_notifications:unsubscribe",
                    args=[make_token(user.pk, *kinds)],
                )
            )
            message.body += render_to_string(
                "participation_notifications/email/footer.txt", {"unsubscribe": unsubscribe}
            )
        message.to = [user.email]
        message.extra_headers = {
            **message.extra_headers,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        try:
            message.send()
        except SMTPRecipientsRefused as error:
            raise sms.DeliveryFailed(f"address refused: {error}", bounced=True) from error
        except OSError as error:  # SMTP and socket errors: the server may answer later
            raise sms.DeliveryFailed(f"{type(error).__name__}: {error}") from error

    def compose(self, item) -> EmailMessage:
        """The declaring plugin's own message, or the plain one (title and link)."""
        declared = declared_kinds().get(item.kind)
        if declared is not None and declared.plugin is not None:
            message = declared.plugin.notification_email(
                declared.kind.code, item.object_id, item.recipient
            )
            if message is not None:
                return message
        context = {"item": item, "url": absolute_url(item.url)}
        body = render_to_string("participation_notifications/email/plain.txt", context)
        return EmailMessage(" ".join(item.title.split()), body)


class SmsChannel:
    name = Channel.SMS

    def send(self, item) -> None:
        user = item.recipient
        require_phone(user)
        sms.get_backend().send(self.compose(item, user.phone.as_e164))

    def send_text(self, user, title: str, url: str) -> None:
        """One SMS: ``title`` (cut to the provider's limit) and a link."""
        require_phone(user)
        sms.get_backend().send(self.text_message(user.phone.as_e164, title, url))

    def compose(self, item, phone: str) -> sms.SmsMessage:
        """A notice with its body (its own template), anything else as title and link."""
        if item.kind == notices.KIND and (notice := notices.compose_sms(item.object_id)):
            template = settings.SMS_BROADCAST_TEMPLATE_CODE or settings.SMS_TEMPLATE_CODE
            return sms.SmsMessage(phone, template, notice["params"], notice["text"])
        return self.text_message(phone, item.title, absolute_url(item.url))

    def text_message(self, phone: str, title: str, url: str) -> sms.SmsMessage:
        title = title[:SMS_TITLE_LENGTH]
        return sms.SmsMessage(
            phone=phone,
            template_code=settings.SMS_TEMPLATE_CODE,
            params={"title": title},
            text=f"【{settings.SMS_SIGN_NAME}】{title} {url}",
        )


def require_phone(user) -> None:
    if not user.phone:
        raise sms.DeliveryFailed("no phone number", permanent=True)


def require_email(user) -> None:
    if not user.email:
        raise sms.DeliveryFailed("no e-mail address", permanent=True)


CHANNELS = {channel.name: channel for channel in (EmailChannel(), SmsChannel())}
