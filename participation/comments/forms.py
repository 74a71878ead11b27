from django import forms
from django.utils.translation import gettext_lazy as _

from participation.comments.text import MAX_LENGTH, MIN_LENGTH
from participation.residents.text import PlainTextField


class CommentBodyField(PlainTextField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("2 至 2000 字，纯文本；http/https 链接会自动变为可点击。"))
        kwargs.setdefault("error_messages", {"required": _("请填写评论内容。")})
        what = kwargs.pop("label", _("评论内容"))
        super().__init__(min_length=MIN_LENGTH, max_length=MAX_LENGTH, what=what, **kwargs)


class CommentForm(forms.Form):
    body = CommentBodyField()
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS; a bot that fills it is thanked and ignored.
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class EditCommentForm(forms.Form):
    body = CommentBodyField()


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("举报原因（可选）"), max_length=200, required=False)


class OfficialReplyForm(forms.Form):
    body = CommentBodyField(label=_("官方回复内容"))
