"""Forms of the staggered-hours service. Every message says, in the reader's language, what to
fix; the services check again what must hold at once (the place in a slot)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.services.models import TEXT_LIMIT, Booking, Matter

TOO_LONG = _("最多 %(limit_value)d 字（现在 %(show_value)d 字）。")


def _text(label, required_message=None, rows=4):
    return forms.CharField(
        label=label,
        required=required_message is not None,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG, "required": required_message},
    )


class BookingForm(forms.Form):
    matter = forms.ModelChoiceField(
        label=_("事项"),
        queryset=Matter.objects.filter(is_active=True),
        empty_label=None,
        error_messages={
            "required": _("请选择服务目录中的事项。"),
            "invalid_choice": _("请选择服务目录中的事项。"),
        },
    )
    mode = forms.ChoiceField(
        label=_("办理方式"),
        choices=Booking.Mode.choices,
        widget=forms.RadioSelect,
        initial=Booking.Mode.VISIT,
        error_messages={"invalid_choice": _("请选择办理方式。"), "required": _("请选择办理方式。")},
    )
    duty = forms.IntegerField(
        label=_("当班时段"),
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("所选时段不在当班轮流表内，请重新选择。")},
    )
    requested_time = forms.DateTimeField(
        label=_("希望的时间（另约时间时填写）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("请按“年-月-日 时:分”填写时间。")},
    )
    details = _text(_("情况说明"))

    def __init__(self, *args, community_id=None, **kwargs):
        """``community_id``: offer that community's matters only (a module's page's)."""
        super().__init__(*args, **kwargs)
        if community_id is not None:
            matters = self.fields["matter"].queryset
            self.fields["matter"].queryset = matters.filter(community_id=community_id)


class OnBehalfForm(BookingForm):
    """A cadre records a phone call or a walk-in, with the resident's consent."""

    channel = forms.ChoiceField(
        label=_("登记方式"),
        choices=[
            (Booking.Channel.PHONE, Booking.Channel.PHONE.label),
            (Booking.Channel.WALK_IN, Booking.Channel.WALK_IN.label),
        ],
        error_messages={"invalid_choice": _("请选择电话或来访。")},
    )
    resident = forms.CharField(
        label=_("居民账号（用户名或手机号码）"), required=False, max_length=150
    )
    visitor_name = forms.CharField(
        label=_("来访人姓名（没有账号时填写）"),
        required=False,
        max_length=100,
        error_messages={"max_length": TOO_LONG},
    )
    consent = forms.BooleanField(
        label=_("居民同意由工作人员代为登记"),
        required=True,
        error_messages={"required": _("代居民登记前，请确认居民同意由工作人员代为登记。")},
    )

    def clean_resident(self):
        name = self.cleaned_data["resident"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(Q(username=name) | Q(phone=name)).first()
        if user is None:
            raise forms.ValidationError(_("没有找到这个居民账号。"))
        return user

    def clean(self):
        data = super().clean()
        if not data.get("resident") and not (data.get("visitor_name") or "").strip():
            self.add_error("visitor_name", _("请选择居民账号，或填写来访人姓名。"))
        return data


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("您对这次办理满意吗？"),
        choices=Booking.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择满意、基本满意或不满意。"),
            "invalid_choice": _("请选择满意、基本满意或不满意。"),
        },
    )
    comment = _text(_("评价意见（可不填）"), rows=3)


class ReplyForm(forms.Form):
    reply = _text(_("答复"), _("请填写答复内容。"))
    result = forms.CharField(label=_("办理结果"), required=False, max_length=200)


class DeclineForm(forms.Form):
    reason = _text(_("不予受理的理由"), _("不予受理时请写明理由。"))


class MessageForm(forms.Form):
    text = _text(_("留言"), _("请填写留言内容。"), rows=3)


class SignOffForm(forms.Form):
    note = _text(_("检查意见"), rows=3)
