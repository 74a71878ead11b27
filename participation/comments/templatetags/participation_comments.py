from django import template

from participation.comments.text import render_comment_body

register = template.Library()


@register.filter
def comment_html(text: str) -> str:
    """A comment's text as safe HTML: escaped, with http(s) links only (see text.py)."""
    return render_comment_body(text or "")
