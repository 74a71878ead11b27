"""Staff's forms: a notice (通知公告) and its audience, and the delivery log's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.core.params import parse_int
from participation.notifications.audiences import audiences
from participation.notifications.broadcasts import BroadcastRefused, check_sms_length
from participation.notifications.models import Channel, Delivery
from participation.notifications.notices import KIND


def site_path(value: str) -> None:
    if not value.startswith("/") or value.startswith("//"):
        raise forms.ValidationError(_("请填写本站页面的路径，以“/”开头，例如 /notices/water/。"))


class BroadcastForm(forms.Form):
    """The notice and whom it goes to: a group, and for groups with options (buildings,
    blocks, hearings) which of them, in a field ``values:<group code>``; all of the community
    ``community_id`` (the site staff send from)."""

    audience = forms.ChoiceField(label=_("发送对象"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("标题"), max_length=100)
    body = forms.CharField(label=_("正文"), max_length=1000, widget=forms.Textarea)
    url = forms.CharField(
        label=_("链接（可选）"),
        max_length=500,
        required=False,
        validators=[site_path],
        help_text=_("本站页面的路径，居民可在消息中点开查看详情。"),
    )
    urgent = forms.BooleanField(
        label=_("紧急（停水停电等）"),
        required=False,
        help_text=_("紧急通知立即发送（不受夜间免打扰限制），只留手机号的居民也会收到短信。"),
    )

    def __init__(self, *args, community_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = audiences()
        self.fields["audience"].choices = [
            (code, group.label) for code, group in self.groups.items()
        ]
        self.options = {code: group.options(community_id) for code, group in self.groups.items()}
        for code, options in self.options.items():
            if options:
                self.fields[f"values:{code}"] = forms.MultipleChoiceField(
                    label=self.groups[code].label,
                    choices=options,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )

    def notice_fields(self):
        return [self[name] for name in ("title", "body", "url", "urgent")]

    def option_fields(self):
        """(group code, bound field) of the groups that have options, for the template."""
        return [(code, self[f"values:{code}"]) for code in self.options if self.options[code]]

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("audience")
        if code and self.options.get(code) and not cleaned.get(f"values:{code}"):
            self.add_error(f"values:{code}", _("请至少选择一项。"))
        if "title" in cleaned and "body" in cleaned and "url" in cleaned:
            try:
                self.sms_parts = check_sms_length(cleaned["title"], cleaned["body"], cleaned["url"])
            except BroadcastRefused as refused:
                self.add_error("body", str(refused))
        return cleaned

    def chosen(self):
        """(the group, the picked values, how the record names them)."""
        code = self.cleaned_data["audience"]
        group = self.groups[code]
        values = self.cleaned_data.get(f"values:{code}", [])
        labels = dict(self.options[code])
        label = str(group.label)
        if values:
            label += "：" + "、".join(labels[value] for value in values)
        return group, values, label


class DeliveryFilter(forms.Form):
    """The delivery log's filters; a value that does not fit is ignored, not an error."""

    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + Delivery.Status.choices
    )
    channel = forms.ChoiceField(
        label=_("渠道"),
        required=False,
        choices=[
            ("", _("全部")),
            (Channel.EMAIL, Channel.EMAIL.label),
            (Channel.SMS, Channel.SMS.label),
        ],
    )
    broadcast = forms.CharField(label=_("通知公告编号"), required=False, max_length=12)

    def filter(self, deliveries):
        if not self.is_valid():
            return deliveries
        data = self.cleaned_data
        if data["status"]:
            deliveries = deliveries.filter(status=data["status"])
        if data["channel"]:
            deliveries = deliveries.filter(channel=data["channel"])
        if (broadcast := parse_int(data["broadcast"])) is not None:
            deliveries = deliveries.filter(item__kind=KIND, item__object_id=broadcast)
        return deliveries
