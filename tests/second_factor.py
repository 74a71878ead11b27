"""Second factor in tests: enrol an authenticator app and type its current code, as staff do.

``Client.force_login`` stands for a completed sign-in, second factor included (see the autouse
fixture ``signed_in_with_second_factor`` in tests/conftest.py); tests of the second factor itself
sign in with ``login_without_second_factor`` or through the real forms with these helpers.
"""

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client, RequestFactory
from django.urls import reverse

from participation.residents.second_factor import enrol_totp

# The original, kept before the autouse fixture wraps it.
_force_login = Client.force_login


def totp_code(secret: str, step: int = 0) -> str:
    """The authenticator app's code now (``step`` periods later with step=1)."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD + step
    return format_hotp_value(hotp_value(secret, counter))


def enrol(user) -> str:
    """Enrol an authenticator app for ``user``; its secret."""
    secret = generate_totp_secret()
    enrol_totp(user, secret)
    return secret


def recovery_codes(user) -> list[str]:
    rc = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(rc).get_unused_codes()


def login_without_second_factor(client, user):
    """A session after the password only: what a stolen password would give."""
    _force_login(client, user, backend="allauth.account.auth_backends.AuthenticationBackend")


def force_login_with_second_factor(client, user, backend=None):
    """``force_login``, and the session records a second factor, as after the code page."""
    _force_login(client, user, backend)
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    record_authentication(request, user, "mfa", type=Authenticator.Type.TOTP)
    session.save()


def confirm_code(client, code: str):
    """After a password-only sign-in (Wagtail's admin form), the code page the admin sends to."""
    return client.post(reverse("mfa_reauthenticate"), {"code": code})
