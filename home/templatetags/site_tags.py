import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, to_locale
from phonenumbers import NumberParseException, PhoneNumberFormat, format_number, parse

from pages import listings
from pages.site_data import KEEP_SECONDS, site_version
from participation.core.links import absolute_url
from plugins.registry import get_plugin, participation_plugins
from plugins.switches import is_enabled

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
def plugin_enabled(context, label) -> bool:
    """``{% plugin_enabled "label" as on %}``: the plugin is installed and on for this site,
    so that a site template includes the plugin's own templates (and tags) only then."""
    return get_plugin(label) is not None and is_enabled(label, request=context.get("request"))


@register.simple_tag(takes_context=True)
def page_query(context, page_obj, number):
    """The current query string with ``page_obj``'s page parameter set to ``number`` (a page
    that lists two things paginates each under its own parameter)."""
    query = context["request"].GET.copy()
    query[getattr(page_obj, "param", "page")] = number
    return f"?{query.urlencode()}"


def _fragment_key(request, name, *vary_on) -> str | None:
    """The cache key of a fragment that is the same for everyone on this site, or None while
    the cache is away (then nothing is kept, lest a fragment outlive a change it missed)."""
    version = site_version(request) if request is not None else None
    if version is None:
        return None
    site = getattr(request, "_wagtail_site", None)
    parts = [name, version, str(getattr(site, "pk", "")), get_language(), *map(str, vary_on)]
    return "fragment:" + hashlib.md5(":".join(parts).encode(), usedforsecurity=False).hexdigest()


def _render(context, template_name) -> str:
    return context.template.engine.get_template(template_name).render(context)


@register.simple_tag(takes_context=True)
def shared_fragment(context, template_name, *vary_on):
    """``template_name`` rendered with this context and kept in the cache, keyed by the site
    content version (pages.site_data): for parts of the layout that are the same for every
    visitor, never for anything about the viewer."""
    request = context.get("request")
    key = _fragment_key(request, template_name, *vary_on)
    html = cache.get(key) if key else None
    if html is None:
        html = _render(context, template_name)
        if key:
            cache.set(key, html, timeout=KEEP_SECONDS)
    return mark_safe(html)  # noqa: S308 -- a template's own output, escaped as it rendered


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The main navigation; the section being shown is marked, so it is part of the key."""
    page = context.get("page")
    sections = context.get("site_sections") or []
    current = page.pk if page is not None and any(s.pk == page.pk for s in sections) else ""
    return shared_fragment(context, "includes/site_nav.html", current)


def _visibility(user) -> str:
    """Who may see which participation modules (participation.core.visibility): anonymous
    visitors, signed-in users by their groups, superusers."""
    if not user.is_authenticated:
        return "anonymous"
    if user.is_superuser:
        return "superuser"
    return "groups:" + ",".join(str(pk) for pk in sorted(user.groups.values_list("pk", flat=True)))


@register.simple_tag(takes_context=True)
def home_blocks(context):
    """The home page's listings, kept until the site's content changes or time alone changes
    them (``pages.listings.next_change``): a meeting starting, a topic closing, a new day."""
    request, page = context["request"], context["page"]
    enabled = ",".join(p.label for p in participation_plugins() if is_enabled(p.label, request))
    key = _fragment_key(
        request, "home-blocks", page.pk, timezone.localdate(), enabled, _visibility(request.user)
    )
    cached = cache.get(key) if key else None
    if cached is not None and (cached[0] is None or timezone.now() < cached[0]):
        return mark_safe(cached[1])  # noqa: S308 -- rendered by the template below
    blocks = listings.home_blocks(page, request)
    with context.push(blocks):
        html = _render(context, "pages/includes/home_blocks.html")
    if key:
        cache.set(key, (listings.next_change(blocks), html), timeout=KEEP_SECONDS)
    return mark_safe(html)  # noqa: S308 -- a template's own output, escaped as it rendered


OPEN_GRAPH_LOCALES = {"zh-hans": "zh_CN", "en": "en_US"}
"""Open Graph names a language with its territory (zh_CN), not with its script (zh_Hans)."""
SHARE_IMAGE = "fill-1200x630"
"""Open Graph's recommended size: what chat apps and social sites show with a shared link."""


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(context, page):
    """The page's canonical address and Open Graph tags: title, summary, image, language."""
    url = absolute_url(page)
    if not url:
        return {}
    summary = getattr(page, "feed_summary", None)
    image = page.share_image() if hasattr(page, "share_image") else None
    return {
        "url": url,
        "title": page.seo_title or page.title,
        "summary": summary() if summary else page.search_description,
        "image": _absolute_media(image.get_rendition(SHARE_IMAGE)) if image else None,
        "article": hasattr(page, "feed_summary") and not hasattr(page, "feed_items"),
        "locale": OPEN_GRAPH_LOCALES.get(get_language(), to_locale(get_language())),
        "settings": context.get("settings"),
    }


def _absolute_media(rendition):
    url = rendition.url
    if url.startswith(("http://", "https://")):  # a storage that serves its own URLs
        return {"url": url, "width": rendition.width, "height": rendition.height}
    return {"url": absolute_url(url), "width": rendition.width, "height": rendition.height}


@register.simple_tag
def short_url(page) -> str:
    """The page's short, lasting address in full, for print and for sharing by hand."""
    return absolute_url(page.short_path())
