"""Absolute links that leave the request: e-mails, calendar files, the sitemap, printed pages.

They all start from the site's configured public root, ``WAGTAILADMIN_BASE_URL`` (the setting
Wagtail's own e-mails already use), never from the Host header of whatever request happens to
build them, and never from the Wagtail Site record, whose hostname the first migration sets to
``localhost``. Where no base URL is configured (a bare test setting), the default Site's
``root_url`` is the fallback. Production refuses to start checks without one
(``participation.core.checks``).
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from wagtail.models import Page, Site


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
    if isinstance(target, Page):
        parts = target.get_url_parts()
        if parts is None:
            return ""
        target = parts[2]
    path, query, fragment = urlsplit(target)[2:]
    root = urlsplit(site_root_url())
    return urlunsplit((root.scheme, root.netloc, root.path + path, query, fragment))


def site_host() -> str:
    """The site's host name (for identifiers such as calendar UIDs)."""
    return urlsplit(site_root_url()).hostname or "localhost"
