"""Forms residents and staff fill in; every message is in the user's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.hearings.validators import validate_attachment
from participation.residents.text import PlainTextField

OPINION_MIN_LENGTH = 5
OPINION_MAX_LENGTH = 5000


class RegistrationForm(forms.Form):
    wants_to_speak = forms.BooleanField(label=_("我希望在会上发言"), required=False)
    agenda_item = forms.ChoiceField(label=_("发言议题"), required=False)

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        items = hearing.agenda_items
        self.fields["agenda_item"].choices = [("", _("（不指定）"))] + [(i, i) for i in items]
        if not items:
            del self.fields["agenda_item"]

    def clean(self):
        data = super().clean()
        if not data.get("wants_to_speak"):
            data["agenda_item"] = ""
        return data


class OpinionForm(forms.Form):
    text = PlainTextField(
        min_length=OPINION_MIN_LENGTH,
        max_length=OPINION_MAX_LENGTH,
        what=_("意见内容"),
        label=_("书面意见"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": OPINION_MAX_LENGTH}),
        error_messages={"required": _("请填写意见内容。")},
    )
    attachment = forms.FileField(
        label=_("附件（可选）"),
        required=False,
        help_text=_("一个 PDF 文件或一张图片（JPEG、PNG、GIF、WebP），不超过 5 MB。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    show_name = forms.BooleanField(label=_("公开时可以显示我的名字"), required=False)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_attachment(upload)
        return upload


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("报名码"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters"}
        ),
        help_text=_("输入报名码，或用扫码枪扫描居民出示的二维码。"),
    )
