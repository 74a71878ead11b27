from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, to_locale
from phonenumbers import NumberParseException, PhoneNumberFormat, format_number, parse

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each interface language, as (code, name, url, is_current)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        (code, name, translate_url(path, code), code == current)
        for code, name in settings.LANGUAGES
    ]


def content_language() -> str:
    """The language staff write content in (the site's default), as a BCP 47 tag: zh-Hans."""
    return to_locale(settings.LANGUAGE_CODE).replace("_", "-")


def content_is_foreign() -> bool:
    """Whether the interface speaks another language than the content (Chinese on /en/)."""
    return get_language() != settings.LANGUAGE_CODE


@register.simple_tag
def content_lang():
    """` lang="zh-Hans"` on an element holding staff-written text when the interface is not
    Chinese, so screen readers and fonts switch language; nothing on the Chinese site."""
    if content_is_foreign():
        return format_html(' lang="{}"', content_language())
    return ""


@register.simple_tag
def page_title(page):
    """A section's title in the interface language: its English title on /en/ where staff gave
    one, otherwise the Chinese title marked as Chinese."""
    if not content_is_foreign():
        return page.title
    english = getattr(page.specific_deferred, "title_en", "")
    if english:
        return english
    return format_html('<span lang="{}">{}</span>', content_language(), page.title)


@register.filter
def tel_href(number: str) -> str:
    """A ``tel:`` link for a number as people write it (0731-8888 6120): RFC 3966, no spaces."""
    try:
        parsed = parse(number, settings.PHONENUMBER_DEFAULT_REGION)
    except NumberParseException:
        return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")
    return format_number(parsed, PhoneNumberFormat.RFC3966)


@register.simple_tag(takes_context=True)
def page_query(context, page_obj, number):
    """The current query string with ``page_obj``'s page parameter set to ``number`` (a page
    that lists two things paginates each under its own parameter)."""
    query = context["request"].GET.copy()
    query[getattr(page_obj, "param", "page")] = number
    return f"?{query.urlencode()}"
