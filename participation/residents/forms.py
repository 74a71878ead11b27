"""Residents' forms: sign-up and sign-in (through django-allauth), profile, household code,
account deletion, verification by staff and the buildings-and-units CSV import."""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.forms import LoginForm, SignupForm
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from wagtail.models import Site

from participation.residents.communities import community_of_request
from participation.residents.models import Building, Unit, User
from participation.residents.security import as_e164
from participation.residents.text import clean_display_name


def phone_to_username(login: str) -> str | None:
    """The username of the account with this mobile number, when ``login`` is one."""
    e164 = as_e164(login)
    if not e164:
        return None
    return User.objects.filter(phone=e164).values_list("username", flat=True).first()


class ResidentLoginForm(LoginForm):
    """Sign in with an e-mail address or a mobile number; failures all read the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("手机号码或电子邮箱")
        login.widget.attrs.update(
            {"placeholder": _("手机号码或电子邮箱"), "autocomplete": "username"}
        )

    def user_credentials(self) -> dict:
        """One login per attempt, so every attempt checks exactly one password hash (a real
        one, or allauth's dummy for an unknown login): allauth would try an e-mail address
        both as an address and as a username, making a known address slower to refuse."""
        login = self.cleaned_data["login"]
        password = self.cleaned_data.get("password")
        username = phone_to_username(login)
        if username:
            return {"username": username, "password": password}
        return {"email" if "@" in login else "username": login, "password": password}


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("显示名称"))
        kwargs.setdefault(
            "help_text", _("公开显示为楼栋加名字首字，例如“3栋 王**”。不能冒充社区工作人员。")
        )
        super().__init__(max_length=200, strip=False, **kwargs)
        # NUL is refused by clean_display_name, with the same wording as every other rule.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def clean(self, value):
        return clean_display_name(super().clean(value))


class ResidentSignupForm(SignupForm):
    """Display name, a mobile number or an e-mail address (at least one), password, and the
    building and unit the resident says they live in (verified later)."""

    display_name = DisplayNameField()
    phone = PhoneNumberField(
        label=_("手机号码"), required=False, region=settings.PHONENUMBER_DEFAULT_REGION
    )
    building = forms.ModelChoiceField(
        label=_("楼栋"), queryset=Building.objects.all(), empty_label=_("请选择楼栋")
    )
    unit_number = forms.CharField(label=_("单元户号"), max_length=30, help_text=_("例如：1单元201"))

    field_order = [
        "display_name",
        "phone",
        "email",
        "password1",
        "password2",
        "building",
        "unit_number",
    ]

    # Renders the honeypot hidden the accessible way (allauth puts it at right:-99999px inline,
    # unlabelled, which made the page 100,000 px wide on phones).
    template_name_p = "participation_residents/signup_form_p.html"
    honeypot_field_name = settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("电子邮箱")
        self.fields["email"].help_text = _("手机号码和电子邮箱至少填写一项；找回密码需要电子邮箱。")
        honeypot = self.fields[self.honeypot_field_name]
        honeypot.label = _("请勿填写此项")
        honeypot.widget.attrs = {"tabindex": "-1", "autocomplete": "off"}
        self.community = community_of_request(context.request) if context.request else None
        self.community = self.community or Site.objects.filter(is_default_site=True).first()
        self.fields["building"].queryset = Building.objects.filter(community=self.community)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        if phone and User.objects.filter(phone=phone).exists():
            raise forms.ValidationError(_("该手机号码已注册。请直接登录，或用电子邮箱找回密码。"))
        return phone

    def clean(self):
        cleaned = super().clean()
        either_given = cleaned.get("phone") or cleaned.get("email")
        if not either_given and not (self.has_error("phone") or self.has_error("email")):
            self.add_error("phone", _("请填写手机号码或电子邮箱（至少一项）。"))
        building, number = cleaned.get("building"), (cleaned.get("unit_number") or "").strip()
        if building and number:
            unit = Unit.objects.filter(building=building, number=number).first()
            if unit is None:
                self.add_error(
                    "unit_number",
                    _("%(building)s没有“%(number)s”这一户，请核对（例如：1单元201）。")
                    % {"building": building, "number": number},
                )
            cleaned["unit"] = unit
        return cleaned


class ProfileForm(forms.ModelForm):
    display_name = DisplayNameField()

    class Meta:
        model = User
        fields = ["display_name"]


class HouseholdCodeForm(forms.Form):
    code = forms.CharField(
        label=_("入户认证码"),
        max_length=40,
        help_text=_("居委会入户发放的 10 位认证码，例如 ABCDE-FGHJK。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("当前密码"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_("我明白：账号注销后无法恢复；我发表的评论将保留，显示为“已注销居民”。")
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("密码不正确。"))
        return password


class StaffVerifyForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("住户单元"), queryset=Unit.objects.select_related("building")
    )
    real_name = forms.CharField(label=_("真实姓名"), max_length=150, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class RevokeForm(forms.Form):
    note = forms.CharField(label=_("撤销原因"), max_length=200)


class GenerateCodesForm(forms.Form):
    building = forms.ModelChoiceField(label=_("楼栋"), queryset=Building.objects.all())
    valid_days = forms.IntegerField(label=_("有效天数"), min_value=1, max_value=180, initial=30)


class UnitsCSVForm(forms.Form):
    community = forms.ModelChoiceField(label=_("社区"), queryset=Site.objects.all(), required=False)
    file = forms.FileField(
        label=_("CSV 文件"),
        help_text=_("UTF-8 编码，第一行为表头：楼号, 户号, 片区（可选）, 名称（可选）。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("文件太大：最多 2 MB。"))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("文件不是 UTF-8 编码的文本。")) from error


class LockedOutCheck:
    """Refuses any code while django-axes has locked the account out from this address: the
    lock-out that wrong passwords and wrong codes build up holds for the second step too."""

    def clean_code(self):
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_locked(context.request, credentials):
            raise get_account_adapter().validation_error("too_many_login_attempts")
        return super().clean_code()


class LockoutAwareAuthenticateForm(LockedOutCheck, AuthenticateForm):
    pass


class LockoutAwareReauthenticateForm(LockedOutCheck, ReauthenticateForm):
    pass
