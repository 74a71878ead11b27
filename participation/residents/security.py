"""Who is signing in, and from where: the keys of the lock-out (django-axes) and of the rate
limits (django-allauth, the site's own)."""

import ipaddress
from datetime import timedelta

import phonenumbers
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from participation.residents.models import User


def client_ip(request) -> str:
    """The client's address, for every throttle and lock-out.

    With no proxy configured (``TRUSTED_PROXY_COUNT`` = 0) it is ``REMOTE_ADDR`` and
    X-Forwarded-For is ignored, since anyone can send it. With n trusted proxies it is the n-th
    address from the right of X-Forwarded-For: each proxy appends the address it saw, so what
    lies further left was written by the client and proves nothing.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count <= 0 or not forwarded:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-min(count, len(forwarded))]))
    except ValueError:  # not an address: the proxy in front is not the one configured
        return remote


def as_e164(login: str) -> str | None:
    """``login`` as an E.164 mobile number (+8613800138000), when it is a valid one."""
    try:
        number = phonenumbers.parse(login, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def account_key(login: str) -> str:
    """What a lock-out is keyed to: the account's username, whichever of its logins was typed
    (an e-mail address, the mobile number in any format, the username); for a login no
    account has, the same canonical form, so its spellings still count together."""
    text = login.strip().lower()
    e164 = as_e164(text)
    match = Q(username__iexact=text) | Q(email__iexact=text) | Q(emailaddress__email__iexact=text)
    if e164:
        match |= Q(phone=e164)
    username = User.objects.filter(match).order_by("pk").values_list("username", flat=True)
    return (username.first() or e164 or text).lower()


def typed_login(request, credentials) -> str | None:
    """The login the visitor typed, whichever sign-in form sent it (allauth's ``login``, the
    Wagtail admin's ``username``)."""
    credentials = credentials or {}
    for key in ("email", "username", "login"):
        if credentials.get(key):
            return str(credentials[key])
    post = getattr(request, "POST", {}) or {}
    for key in ("login", "username"):
        if post.get(key):
            return str(post[key])
    return None


def axes_username(request, credentials) -> str | None:
    """django-axes' username: the account aimed at, so that a lock-out holds whichever of the
    account's logins is typed next."""
    login = typed_login(request, credentials)
    return account_key(login) if login else None


def prune_sign_in_records() -> int:
    """Delete django-axes' sign-in records (attempts, failures, sign-ins) older than
    ``SIGN_IN_RECORDS_RETENTION_DAYS``; the number deleted. allauth keeps its authentication
    records in the session only, which ends with it."""
    before = timezone.now() - timedelta(days=settings.SIGN_IN_RECORDS_RETENTION_DAYS)
    return sum(
        model.objects.filter(attempt_time__lt=before).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
