"""Residents' comment text: cleaned before it is stored, rendered as text with safe links."""

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from participation.residents.text import clean_plain_text

MIN_LENGTH, MAX_LENGTH = 2, 2000
# Only links that start with http:// or https:// become clickable; the scheme is matched
# literally, so "javascript:" and "data:" never do, however they are spelled.
URL_PATTERN = re.compile(r"https?://[^\s<>\"'\u3000-\u303f\uff00-\uffef]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}"


def clean_comment_body(value: str) -> str:
    return clean_plain_text(value, min_length=MIN_LENGTH, max_length=MAX_LENGTH, what=_("评论内容"))


def _link(url: str) -> str:
    stripped = url.rstrip(TRAILING_PUNCTUATION)
    tail = url[len(stripped) :]
    return f'<a href="{escape(stripped)}">{escape(stripped)}</a>{escape(tail)}'


def render_comment_body(text: str) -> str:
    """HTML for a comment: every character escaped, http(s) links made clickable with
    rel="nofollow ugc", line breaks kept; nh3 then sanitises the result as a second guard."""
    parts, position = [], 0
    for match in URL_PATTERN.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(_link(match.group(0)))
        position = match.end()
    parts.append(escape(text[position:]))
    html = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
    cleaned = nh3.clean(
        html,
        tags={"a", "br"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc",
    )
    return mark_safe(cleaned)  # noqa: S308 -- escaped above and sanitised by nh3
