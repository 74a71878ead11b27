"""Display names: NFC, no invisible characters, no NUL, no imitation of staff."""

import pytest
from django.core.exceptions import ValidationError

from participation.residents.text import clean_display_name, clean_plain_text


def test_nfc_and_format_characters_are_stripped():
    decomposed = "e\u0301e"  # é as e + combining accent
    assert clean_display_name(f"\u200b{decomposed}\u202e小区") == "\u00e9e小区"


@pytest.mark.parametrize(
    "name",
    ["管理员", "社区居委会", "Admin", "ａｄｍｉｎ", "a d m i n", "ad\u200bmin", "官方号"],
)
def test_names_imitating_staff_are_refused(name):
    with pytest.raises(ValidationError) as error:
        clean_display_name(name)
    assert error.value.code == "reserved"


@pytest.mark.parametrize(
    ("name", "code"), [("王", "too_short"), ("王\x00姨", "nul"), ("王\n姨", "control")]
)
def test_bad_names_are_refused_with_a_reason(name, code):
    with pytest.raises(ValidationError) as error:
        clean_display_name(name)
    assert error.value.code == code


def test_only_invisible_characters_count_as_empty():
    with pytest.raises(ValidationError) as error:
        clean_plain_text("\u200b\u200d \u202e ", min_length=2, max_length=10, what="x")
    assert error.value.code == "too_short"
