"""Staff sessions: a second factor before anything else, and an end after idle time."""

import time
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.models import Permission
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from participation.residents.second_factor import has_device, session_is_verified

LAST_SEEN_KEY = "staff_last_seen"
# The session is written at most this often just to note activity.
LAST_SEEN_RESOLUTION = 60

# What a staff session without a verified second factor may open: with a device, only the
# check of a code (a password alone must never remove or replace a device); without one, the
# enrolment pages, the password confirmation they ask for, and the e-mail pages (allauth adds a
# device only once the account's addresses are confirmed).
VERIFY_URL_NAMES = {"mfa_reauthenticate", "mfa_reauthenticate_webauthn"}
ENROL_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "account_reauthenticate",
    "account_email",
    "account_confirm_email",
}
ALWAYS_URL_NAMES = {"account_logout", "wagtailadmin_logout"}


ADMIN_PREFIX = "/admin/"
HOLDERS_VERSION_KEY = "admin-access-version"
HOLDERS_KEY = "admin-access-holders"
# What grants access_admin besides is_staff and is_superuser: permissions and group membership.
PERMISSION_MODELS = {"auth.group", "auth.permission"}
PERMISSION_RELATIONS = {"user_groups", "user_user_permissions", "group_permissions"}


def _holders_from_database() -> frozenset:
    """Accounts holding wagtailadmin.access_admin directly or through a group."""
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    holders = get_user_model().objects.filter(
        Q(user_permissions__in=access) | Q(groups__permissions__in=access)
    )
    return frozenset(holders.values_list("pk", flat=True))


def admin_access_holders() -> frozenset | None:
    """The accounts that reach the admin by a permission, from the cache (one round trip),
    stamped with a version that every change of groups or permissions replaces; None while the
    cache is away."""
    found = cache.get_many([HOLDERS_VERSION_KEY, HOLDERS_KEY])
    version, stamped = found.get(HOLDERS_VERSION_KEY), found.get(HOLDERS_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(HOLDERS_VERSION_KEY, version, timeout=None):
            version = cache.get(HOLDERS_VERSION_KEY)
            if version is None:
                return None
    if stamped is not None and stamped[0] == version:
        return stamped[1]
    holders = _holders_from_database()
    cache.set(HOLDERS_KEY, (version, holders), timeout=None)
    return holders


def forget_admin_access_holders(sender, **kwargs) -> None:
    """Receiver of saves, deletions and m2m changes: a change of permissions shows at once."""
    meta = sender._meta
    if meta.label_lower in PERMISSION_MODELS or meta.model_name in PERMISSION_RELATIONS:
        cache.set(HOLDERS_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def has_admin_access(request) -> bool:
    """``request.user.has_admin_access`` without a query for residents: the permission part comes
    from the cached holders. The admin itself always asks the database."""
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    holders = None if request.path_info.startswith(ADMIN_PREFIX) else admin_access_holders()
    return user.has_admin_access if holders is None else user.pk in holders


def url_name(request) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class StaffSessionMiddleware:
    """For every account that may enter the admin (``User.has_admin_access``): the session ends
    after ``STAFF_IDLE_MINUTES`` without a request, and until the sign-in is completed with a
    second factor every page but enrolment or verification redirects there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Also read by the layout, which shows Wagtail's user bar to such accounts only.
        request.has_admin_access = has_admin_access(request)
        if request.has_admin_access:
            if self.idle_too_long(request):
                logout(request)
                messages.info(request, _("您已长时间未操作，请重新登录。"))
                return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
            self.note_activity(request)
            if not session_is_verified(request):
                refusal = self.second_factor_first(request)
                if refusal:
                    return refusal
        return self.get_response(request)

    @staticmethod
    def idle_too_long(request) -> bool:
        last_seen = request.session.get(LAST_SEEN_KEY)
        return last_seen is not None and time.time() - last_seen > settings.STAFF_IDLE_MINUTES * 60

    @staticmethod
    def note_activity(request) -> None:
        now = time.time()
        if now - request.session.get(LAST_SEEN_KEY, 0) >= LAST_SEEN_RESOLUTION:
            request.session[LAST_SEEN_KEY] = now

    @staticmethod
    def second_factor_first(request):
        name = url_name(request)
        if name in ALWAYS_URL_NAMES:
            return None
        enrolled = has_device(request.user)
        allowed = VERIFY_URL_NAMES if enrolled else ENROL_URL_NAMES
        if name in allowed:
            return None
        if enrolled:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        messages.info(
            request,
            _("管理后台的账号须启用两步验证：请先添加身份验证器应用或安全密钥，然后即可继续。"),
        )
        return redirect("mfa_index")
