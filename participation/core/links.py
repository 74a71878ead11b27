"""Absolute links that leave the request: e-mails, calendar files, the sitemap, printed pages.

They all start from the site's configured public root, ``WAGTAILADMIN_BASE_URL`` (the setting
Wagtail's own e-mails already use), never from the Host header of whatever request happens to
build them, and never from the default Wagtail Site record, whose hostname the first migration
sets to ``localhost``. Where no base URL is configured (a bare test setting), the default Site's
``root_url`` is the fallback. Production refuses to start checks without one
(``participation.core.checks``). A page of another community (another Wagtail site) is under
that site's own root URL, from the host name and port staff gave its Site record.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from wagtail.models import Page, Site

DEFAULT_SITE_KEY = "links:default-site-id"


def site_root_url() -> str:
    """The site's public root, without a trailing slash (https://liubeiqiao.example)."""
    configured = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else ""


def absolute_url(target: "Page | str") -> str:
    """``target`` (a page, a path, or a URL whose host may be wrong) under the site's root;
    "" for a page that has no URL (not routable)."""
    root = site_root_url()
    if isinstance(target, Page):
        parts = target.get_url_parts()
        if parts is None:
            return ""
        site_id, page_root, target = parts
        if site_id != default_site_id():
            root = page_root.rstrip("/")
    path, query, fragment = urlsplit(target)[2:]
    root = urlsplit(root)
    return urlunsplit((root.scheme, root.netloc, root.path + path, query, fragment))


def page_path(page) -> str:
    """``page``'s path on its own community's site, with the active language's prefix; "" for
    a page that has no URL. For links shown to that community's residents on its own host:
    ``page.url`` is a full URL of the Site record once an installation has several sites."""
    parts = page.get_url_parts() if page is not None else None
    return parts[2] if parts else ""


def default_site_id() -> int:
    """The default site's id, kept in the cache until a site is saved or deleted."""
    found = cache.get(DEFAULT_SITE_KEY)
    if found is None:
        default = Site.objects.filter(is_default_site=True).values_list("pk", flat=True)
        found = default.first() or 0
        cache.set(DEFAULT_SITE_KEY, found, timeout=None)
    return found


def forget_default_site(**kwargs) -> None:
    """Signal receiver: a site was saved or deleted."""
    cache.delete(DEFAULT_SITE_KEY)


def site_host() -> str:
    """The site's host name (for identifiers such as calendar UIDs)."""
    return urlsplit(site_root_url()).hostname or "localhost"
