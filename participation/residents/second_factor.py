"""Second factor (allauth.mfa) for the accounts that may enter the admin: when a session counts
as verified, what enrolment records, how wrong codes reach the lock-out, and the reset of a lost
device by a superuser."""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt, is_mfa_enabled
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction

from participation.residents.models import SecondFactorReset, User

# The factors that prove possession at sign-in; recovery codes only stand in for them.
DEVICE_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_device(user) -> bool:
    return is_mfa_enabled(user, DEVICE_TYPES)


def session_is_verified(request) -> bool:
    """This session's sign-in included a second factor (at sign-in, on re-authentication, or
    by enrolling one)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_enrolment(sender, request, user, authenticator, **kwargs):
    """Enrolling a device proves its possession (a code from it, or its signature): the session
    that enrolled it counts as verified, so forced enrolment leads straight into the admin."""
    if authenticator.type not in DEVICE_TYPES or request is None:
        return
    if request.user.is_authenticated and request.user.pk == user.pk:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


def count_wrong_code(sender, request, user, authenticator, **kwargs):
    """A wrong code counts toward django-axes' lock-out of that account from that address, as a
    wrong password does."""
    user_login_failed.send(
        sender=User, credentials={"username": user.get_username()}, request=request
    )


@transaction.atomic
def reset_second_factor(account: User, reset_by: User) -> SecondFactorReset:
    """Remove every second factor of ``account`` (a lost phone or key) and end its sessions, so
    that its next sign-in enrols afresh; logged. Only a superuser may, and not for themself
    (their own devices are managed on their account page)."""
    if not reset_by.is_superuser or not reset_by.is_active:
        raise PermissionDenied("only an active superuser may reset a second factor")
    if account.pk == reset_by.pk:
        raise PermissionDenied("a superuser cannot reset their own second factor")
    Authenticator.objects.filter(user=account).delete()
    account.end_all_sessions()
    return SecondFactorReset.objects.create(
        account=account,
        account_username=account.get_username(),
        reset_by=reset_by,
        reset_by_username=reset_by.get_username(),
    )


def enrol_totp(user, secret: str) -> Authenticator:
    """Give ``user`` an authenticator app with this secret (base32) and recovery codes, as the
    enrolment page does: for the demo's staff, whose secrets ``load_demo`` prints, and tests."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    device = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return device


def totp_secret(user) -> str | None:
    """The secret of ``user``'s authenticator app, for the demo's printout; None without one."""
    device = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(device.data["secret"]) if device else None
