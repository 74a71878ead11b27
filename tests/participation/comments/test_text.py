"""Comment text: cleaned before storing, rendered as text with only http(s) links."""

import pytest
from django.core.exceptions import ValidationError

from participation.comments.text import clean_comment_body, render_comment_body


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">点我</a>',
        "<svg onload=alert(1)>",
    ],
)
def test_markup_is_shown_as_text(text):
    html = render_comment_body(text)
    assert "<script" not in html
    assert "<img" not in html
    assert "<svg" not in html
    assert "&lt;" in html


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "&#106;avascript:alert(1)",
    ],
)
def test_other_schemes_never_become_links(text):
    assert "<a" not in render_comment_body(text)


def test_http_links_are_clickable_and_marked_nofollow_ugc():
    html = render_comment_body("详见 https://example.com/a?b=1&c=2。也见 HTTP://example.org/x.")
    assert '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc">' in html
    assert '<a href="HTTP://example.org/x" rel="nofollow ugc">HTTP://example.org/x</a>.' in html


def test_a_link_cannot_break_out_of_its_attribute():
    html = render_comment_body('https://example.com/"onmouseover="alert(1)')
    assert "onmouseover=" not in html.split(">")[0]


def test_line_breaks_are_kept():
    assert render_comment_body("第一行\n第二行") == "第一行<br>第二行"


def test_cleaning_order_and_limits():
    assert clean_comment_body("  \u200b好的\u202e意见 \n") == "好的意见"
    for bad in ["", "   \n ", "\u200b\u200b\u200b", "好", "x" * 2001, "a\x00b", "x" * 100_000]:
        with pytest.raises(ValidationError):
            clean_comment_body(bad)
    assert len(clean_comment_body("字" * 2000)) == 2000
