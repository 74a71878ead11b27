"""Cleaning residents' plain text: comment bodies and display names go through the same steps.

The order matters: refuse NUL first, normalise to NFC, strip invisible format characters
(Unicode category Cf: zero-width spaces and joiners, bidirectional overrides, the BOM), then
trim and measure, so that what is measured is what will be shown.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

# Names a resident may not take because they would pass for the committee's staff.
RESERVED_NAME_PARTS = ("管理员", "管理員", "居委会", "居委會", "admin", "官方", "工作人员", "客服")


def strip_format_characters(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def clean_plain_text(value: str, *, min_length: int, max_length: int, what: str) -> str:
    """The cleaned text, or ValidationError with a message naming ``what`` (正文, 显示名称)."""
    value = value or ""
    if len(value) > max_length * 4:
        # Checked before any work on the text: a 100 KB body is refused at once.
        raise ValidationError(
            _("%(what)s太长：最多 %(max)d 个字。"),
            code="too_long",
            params={"what": what, "max": max_length},
        )
    if "\x00" in value:
        raise ValidationError(_("%(what)s包含无效字符。"), code="nul", params={"what": what})
    value = strip_format_characters(unicodedata.normalize("NFC", value)).strip()
    if len(value) < min_length:
        raise ValidationError(
            _("%(what)s太短：至少 %(min)d 个字（不计空白）。"),
            code="too_short",
            params={"what": what, "min": min_length},
        )
    if len(value) > max_length:
        raise ValidationError(
            _("%(what)s太长：最多 %(max)d 个字。"),
            code="too_long",
            params={"what": what, "max": max_length},
        )
    return value


def imitates_staff(name: str) -> bool:
    """Whether a name holds a staff title, however spaced or widened (ａｄｍｉｎ)."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = "".join(char for char in folded if char.isalnum())
    return any(part.casefold() in folded for part in RESERVED_NAME_PARTS)


def clean_display_name(value: str) -> str:
    name = clean_plain_text(value, min_length=2, max_length=30, what=_("显示名称"))
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise ValidationError(_("显示名称不能包含换行或控制字符。"), code="control")
    if imitates_staff(name):
        raise ValidationError(
            _("显示名称不能冒充社区工作人员（如“管理员”“居委会”“admin”）。"), code="reserved"
        )
    return name


class PlainTextField(forms.CharField):
    """A form field for residents' text, cleaned by clean_plain_text.

    Django's own NUL check is dropped so that every rule answers in the same words.
    """

    def __init__(self, *, min_length: int, max_length: int, what, **kwargs):
        self.text_limits = {"min_length": min_length, "max_length": max_length, "what": what}
        kwargs.setdefault("label", what)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4, "maxlength": max_length}))
        super().__init__(strip=False, **kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def clean(self, value):
        return clean_plain_text(super().clean(value), **self.text_limits)
