"""Residents' business rules that must hold under concurrency: household codes, verification,
the data export and account deletion."""

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from config.cache import CacheUnavailable
from participation.residents.models import (
    Building,
    HouseholdCode,
    HouseholdCodeBatch,
    Unit,
    User,
    VerificationEvent,
)

# No 0/O, 1/I/L: codes are read off paper and typed on phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10 ≈ 8e14 possible codes
DEFAULT_CODE_VALIDITY = timedelta(days=30)
MAX_CODE_ATTEMPTS = 10  # per account per hour
ATTEMPT_WINDOW = 60 * 60


class VerificationError(Exception):
    """A verification request that cannot be honoured; str() is the message for the user."""


def normalise_household_code(raw: str) -> str:
    """Upper-case letters and digits only: full-width input (from a Chinese IME), spaces and
    dashes are forgiven."""
    text = unicodedata.normalize("NFKC", raw or "").upper()
    return "".join(char for char in text if char.isalnum())


def format_household_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def hash_household_code(code: str) -> str:
    """A keyed hash (HMAC-SHA256 with the server's secret) of the normalised code.

    Deterministic, so a code is found by an index lookup; keyed, so the stored hashes alone
    (a leaked database) cannot be checked against guesses without the secret key.
    """
    return salted_hmac(
        "participation.residents.household-code", normalise_household_code(code), algorithm="sha256"
    ).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass
class PrintedCode:
    unit: Unit
    code: str  # formatted for print; exists only in memory, never stored


@transaction.atomic
def generate_household_codes(
    building: Building, created_by: User, validity: timedelta = DEFAULT_CODE_VALIDITY
) -> tuple[HouseholdCodeBatch, list[PrintedCode]]:
    """One new code per unit of ``building``; returns the plain codes to print this once."""
    now = timezone.now()
    expires_at = now + validity
    # A new sheet replaces the old one: unused codes of earlier batches stop working, so a
    # lost or stale sheet cannot be used after staff reprint.
    HouseholdCode.objects.filter(
        batch__building=building, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    batch = HouseholdCodeBatch.objects.create(
        building=building, created_by=created_by, expires_at=expires_at
    )
    printed, rows = [], []
    for unit in building.units.order_by("sort_key", "number"):
        code = _new_code()
        rows.append(
            HouseholdCode(
                batch=batch, unit=unit, code_hash=hash_household_code(code), expires_at=expires_at
            )
        )
        printed.append(PrintedCode(unit=unit, code=format_household_code(code)))
    HouseholdCode.objects.bulk_create(rows)
    return batch, printed


def _attempts_key(user) -> str:
    return f"residents:household-code-attempts:{user.pk}"


def redeem_household_code(user: User, raw_code: str) -> Unit:
    """Verify ``user`` as a resident of the code's unit. A code works once, before it expires.

    Safe under parallel use: the code row is locked and marked used by a conditional UPDATE,
    so two accounts racing with the same code cannot both succeed.
    """
    _take_attempt(user)
    code = normalise_household_code(raw_code)
    if len(code) != CODE_LENGTH:
        raise VerificationError(_("认证码应为 10 位字母和数字，请核对后重新输入。"))
    return _redeem(user, hash_household_code(code))


def _take_attempt(user) -> None:
    """Count the attempt before it is evaluated, in one atomic step (``incr`` in Redis, under a
    lock in local memory): parallel requests each get their own number, so no more than
    MAX_CODE_ATTEMPTS are ever evaluated in a window. Without the cache, refuse (fail closed)."""
    try:
        attempts = _next_attempt(_attempts_key(user))
    except CacheUnavailable as error:
        raise VerificationError(_("认证暂时无法进行，请稍后再试。")) from error
    if attempts > MAX_CODE_ATTEMPTS:
        raise VerificationError(_("尝试次数过多，请一小时后再试，或到居委会服务大厅办理认证。"))


def _next_attempt(key: str) -> int:
    cache.add(key, 0, ATTEMPT_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add and incr: this attempt opens a new one
        return 1 if cache.add(key, 1, ATTEMPT_WINDOW) else cache.incr(key)


@transaction.atomic
def _redeem(user: User, code_hash: str) -> Unit:
    now = timezone.now()
    resident = User.objects.select_for_update().get(pk=user.pk)
    if resident.is_verified:
        raise VerificationError(_("您的账号已经认证，无需再次认证。"))
    code = (
        HouseholdCode.objects.select_for_update()
        .select_related("unit__building")
        .filter(code_hash=code_hash)
        .first()
    )
    invalid = _("认证码无效、已被使用或已过期。请核对后重新输入，或联系居委会重新领取。")
    if code is None or code.used_at is not None or code.expires_at <= now:
        raise VerificationError(invalid)
    if resident.community_id not in (None, code.unit.building.community_id):
        raise VerificationError(invalid)  # another community's code is no code here
    claimed = HouseholdCode.objects.filter(pk=code.pk, used_at__isnull=True).update(
        used_at=now, used_by=resident
    )
    if claimed != 1:
        raise VerificationError(invalid)
    _mark_verified(resident, code.unit, now)
    VerificationEvent.objects.create(
        resident=resident,
        unit=code.unit,
        action=VerificationEvent.Action.VERIFIED,
        method=VerificationEvent.Method.HOUSEHOLD_CODE,
        actor=resident,
        created_at=now,
    )
    user.unit, user.verification, user.verified_at = code.unit, resident.verification, now
    user.community_id = resident.community_id
    return code.unit


def _mark_verified(resident: User, unit: Unit, now) -> None:
    """Verified as living in ``unit``: the resident belongs to its community from now on. An
    account signed up on one community's site is never verified into another's unit."""
    community_id = unit.building.community_id
    if resident.community_id not in (None, community_id):
        raise VerificationError(_("该住户单元不属于您注册所在的社区，不能在此认证。"))
    resident.unit = unit
    resident.community_id = community_id
    resident.verification = User.Verification.VERIFIED
    resident.verified_at = now
    resident.save(update_fields=["unit", "community", "verification", "verified_at"])


@transaction.atomic
def verify_by_staff(resident: User, unit: Unit, actor: User, note: str = "") -> None:
    now = timezone.now()
    locked = User.objects.select_for_update().get(pk=resident.pk)
    _mark_verified(locked, unit, now)
    VerificationEvent.objects.create(
        resident=locked,
        unit=unit,
        action=VerificationEvent.Action.VERIFIED,
        method=VerificationEvent.Method.STAFF,
        actor=actor,
        note=note,
        created_at=now,
    )


@transaction.atomic
def revoke_verification(resident: User, actor: User, note: str = "") -> None:
    locked = User.objects.select_for_update().get(pk=resident.pk)
    if locked.verification != User.Verification.VERIFIED:
        raise VerificationError(_("该账号尚未认证，无需撤销。"))
    locked.verification = User.Verification.REVOKED
    locked.save(update_fields=["verification"])
    VerificationEvent.objects.create(
        resident=locked,
        unit=locked.unit,
        action=VerificationEvent.Action.REVOKED,
        method=VerificationEvent.Method.STAFF,
        actor=actor,
        note=note,
    )


def account_data(user: User) -> dict:
    """What residents keeps about ``user``: the account, its verification and representative
    terms, for their data download (``participation.core.personal_data`` adds the plugins')."""
    return {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "public_name": str(user.public_name),
            "email": user.email,
            "phone": str(user.phone) if user.phone else "",
            "real_name": user.real_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "verification": {
            "state": user.verification,
            "verified_at": user.verified_at.isoformat() if user.verified_at else None,
            "unit": str(user.unit) if user.unit else "",
            "events": [
                {"action": e.action, "method": e.method, "at": e.created_at.isoformat()}
                for e in user.verification_events.order_by("created_at")
            ],
        },
        "representative_terms": [
            {
                "building": str(term.building or ""),
                "block": term.block,
                "starts_on": term.starts_on.isoformat(),
                "ends_on": term.ends_on.isoformat(),
            }
            for term in user.representative_terms.select_related("building")
        ],
    }


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete the account and what residents keeps that identifies the person.

    ``participation.core.personal_data.delete_account`` calls this after every plugin has
    erased its part (same transaction). Contributions keep their author key nullable
    (SET_NULL); the verification log keeps what staff did but not whom or where; the sign-in
    records of django-axes under the person's logins are deleted.
    """
    VerificationEvent.objects.filter(resident=user).update(unit=None)
    _forget_sign_in_records(user)
    user.delete()


def _forget_sign_in_records(user: User) -> None:
    """django-axes keeps sign-in attempts by the login typed (username, e-mail or number)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    logins = {
        value.lower() for value in (user.username, user.email, str(user.phone or "")) if value
    }
    if user.phone:
        logins.add(user.phone.national_number and str(user.phone.national_number))
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__in=logins).delete()
