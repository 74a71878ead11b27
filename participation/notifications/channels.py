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
from participation.notifications import sms
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
            raise sms.DeliveryFailed(f"address refused: {error}", permanent=True) from error
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
        self.send_text(item.recipient, item.title, absolute_url(item.url))

    def send_text(self, user, title: str, url: str) -> None:
        """One SMS: ``title`` (cut to the provider's limit) and a link."""
        if not user.phone:
            raise sms.DeliveryFailed("no phone number", permanent=True)
        title = title[:SMS_TITLE_LENGTH]
        message = sms.SmsMessage(
            phone=user.phone.as_e164,
            template_code=settings.SMS_TEMPLATE_CODE,
            params={"title": title},
            text=f"【{settings.SMS_SIGN_NAME}】{title} {url}",
        )
        sms.get_backend().send(message)


def require_email(user) -> None:
    if not user.email:
        raise sms.DeliveryFailed("no e-mail address", permanent=True)


CHANNELS = {channel.name: channel for channel in (EmailChannel(), SmsChannel())}
