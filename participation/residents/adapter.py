"""django-allauth adapter: residents' sign-up and one message for every failed sign-in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

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

    def get_client_ip(self, request):
        return client_ip(request)

    def save_user(self, request, user, form, commit=True):
        """Residents' own fields come from the sign-up form; a new account is unverified."""
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.display_name = data["display_name"]
        user.phone = data.get("phone") or None
        user.unit = data.get("unit")
        user.verification = user.Verification.UNVERIFIED
        if commit:
            user.save()
        return user
