"""django-allauth adapter: residents' sign-up and one message for every failed sign-in."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from participation.core.links import absolute_url, site_host
from participation.residents.security import client_ip

# The same words whether the login is unknown or the password wrong: the form must not tell
# which accounts exist.
GENERIC_LOGIN_ERROR = _("账号或密码不正确。")


def user_display(user) -> str:
    """How allauth's messages and e-mails name the resident: the name they chose."""
    return user.display_name or str(_("居民"))


class ResidentAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": GENERIC_LOGIN_ERROR,
        "username_password_mismatch": GENERIC_LOGIN_ERROR,
        "phone_password_mismatch": GENERIC_LOGIN_ERROR,
        "invalid_login": GENERIC_LOGIN_ERROR,
        "too_many_login_attempts": _("登录失败次数过多，请稍后再试。"),
    }

    def send_mail(self, template_prefix, email, context):
        """allauth's mails greet "from <Host header>": name the community instead."""
        site = SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=site_host())
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def format_email_subject(self, subject):
        return f"[{settings.WAGTAIL_SITE_NAME}] {subject}"

    def get_reset_password_from_key_url(self, key):
        """Reset links in e-mails start from the site's configured root, not the Host header."""
        return absolute_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_client_ip(self, request):
        return client_ip(request)

    def save_user(self, request, user, form, commit=True):
        """Residents' own fields come from the sign-up form; a new account is unverified."""
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.display_name = data["display_name"]
        user.phone = data.get("phone") or None
        user.unit = data.get("unit")
        user.community = form.community
        user.verification = user.Verification.UNVERIFIED
        if commit:
            user.save()
        return user
