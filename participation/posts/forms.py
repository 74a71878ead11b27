from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.posts.models import Pledge


class ApplicationForm(forms.Form):
    skill = forms.CharField(
        label=_("贡献一技"),
        max_length=100,
        help_text=_("例如：会修家电、懂法律、会写宣传稿。"),
        error_messages={
            "required": _("请写下您愿意贡献的一技之长。"),
            "max_length": _("一技之长请写在 100 个字以内。"),
        },
    )
    show_name = forms.BooleanField(label=_("在岗位页面上公开我的名字"), required=False)


class PledgeForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("请填写年度。"),
            "invalid": _("年度请填写四位数字。"),
            "min_value": _("年度请填写 2000 到 2100 之间的年份。"),
            "max_value": _("年度请填写 2000 到 2100 之间的年份。"),
        },
    )
    kind = forms.ChoiceField(
        label=_("承诺事项"),
        choices=Pledge.Kind.choices,
        error_messages={"required": _("请选择承诺事项。"), "invalid_choice": _("请选择承诺事项。")},
    )
    text = forms.CharField(
        label=_("承诺内容"),
        max_length=200,
        error_messages={
            "required": _("请写下承诺内容。"),
            "max_length": _("承诺内容请写在 200 个字以内。"),
        },
    )
    is_public = forms.BooleanField(label=_("公开这项承诺"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class SuggestionForm(forms.Form):
    title = forms.CharField(
        label=_("主意"),
        max_length=100,
        error_messages={
            "required": _("请用一句话写下您的主意。"),
            "max_length": _("主意请写在 100 个字以内。"),
        },
    )
    text = forms.CharField(
        label=_("具体内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("请写下具体内容。"),
            "max_length": _("具体内容请写在 2000 个字以内。"),
        },
    )


class CheckInForm(forms.Form):
    hours = forms.DecimalField(
        label=_("服务时长（小时）"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal("24"),
        error_messages={
            "invalid": _("服务时长请填写数字，例如 2.5。"),
            "min_value": _("服务时长须在 0.1 到 24 小时之间。"),
            "max_value": _("服务时长须在 0.1 到 24 小时之间。"),
            "max_digits": _("服务时长须在 0.1 到 24 小时之间。"),
            "max_decimal_places": _("服务时长最多保留一位小数。"),
        },
    )


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label=_("走访日期"),
        error_messages={
            "required": _("请填写走访日期。"),
            "invalid": _("走访日期请按 2026-03-01 的格式填写。"),
        },
    )
    learnt = forms.CharField(
        label=_("了解到的情况"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("请写下了解到的情况。"),
            "max_length": _("每项请写在 2000 个字以内。"),
        },
    )
    promised = forms.CharField(
        label=_("承诺办理的事"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("每项请写在 2000 个字以内。")},
    )
    follow_up = forms.CharField(
        label=_("办理结果"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("每项请写在 2000 个字以内。")},
    )

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("走访日期不能晚于今天。"))
        return day
