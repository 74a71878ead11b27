"""System checks: production must not send SMS into a file."""

from django.conf import settings
from django.core.checks import Error, register

DEVELOPMENT_SMS_BACKENDS = {"participation.notifications.sms.FileBackend"}
"""Backends that deliver nothing to a phone (they write what they would send)."""


@register()
def sms_backend_delivers(app_configs, **kwargs):
    """With the file backend, must-know messages to phone-only residents would reach no one."""
    if settings.SMS_ALLOW_FILE_BACKEND or settings.SMS_BACKEND not in DEVELOPMENT_SMS_BACKENDS:
        return []
    return [
        Error(
            f"SMS_BACKEND is {settings.SMS_BACKEND}, which sends no SMS.",
            hint="Set SMS_BACKEND=participation.notifications.sms.AliyunBackend with the "
            "provider's keys (README, 'Notifications: e-mail and SMS in production'), or "
            "SMS_ALLOW_FILE_BACKEND=1 where no SMS should leave the server.",
            id="participation_notifications.E001",
        )
    ]
