"""Project-wide middleware: the content security policy, X-Accel-Redirect, the page cache.

The page cache keeps whole pages for visitors who carry no cookie at all, on Django's two cache
middlewares. Only cookie-less GET and HEAD requests are served from
or stored into the cache, so nothing rendered for a signed-in resident (their vote, their forms,
their messages) can reach anyone else; a response that sets a cookie is never stored (Django's
rule). Every key carries a generation number that any change to pages, settings, participation
modules or contributions bumps, so what editors publish and residents contribute shows at once;
``PAGE_CACHE_SECONDS`` bounds what changes without a signal (bulk updates).
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.cache import caches
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

from config.cache import CacheUnavailable
from plugins.registry import installed_plugins

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, plus inline scripts in the Wagtail admin only.

    Some Wagtail 8 admin widgets still render inline <script> (the date pickers of list filters
    call initDateChooser inline), so the admin, which only signed-in staff reach, needs
    'unsafe-inline'; the public pages that residents read keep script-src 'self'.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts


class AccelRedirectMiddleware:
    """A response that hands a file to nginx (X-Accel-Redirect) has an empty body, so it must
    not carry the file's Content-Length, which django-sendfile2 and Wagtail's document view
    set: granian drops a reply shorter than announced, and nginx answers 502."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("X-Accel-Redirect"):
            del response["Content-Length"]
        return response


GENERATION_KEY = "page-cache-generation"
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/accounts/")
CONTENT_APPS = {"wagtailcore", "wagtailimages", "home", "pages", "participation_core", "plugins"}


def _cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def current_generation() -> int:
    return _cache().get_or_set(GENERATION_KEY, 1, timeout=None)


def invalidate() -> None:
    """Make every cached page stale at once (the old entries simply expire)."""
    try:
        _cache().incr(GENERATION_KEY)
    except ValueError:  # the key was evicted: any new number starts afresh
        _cache().set(GENERATION_KEY, current_generation() + 1, timeout=None)
    except CacheUnavailable:  # nothing is cached while Redis is away; PAGE_CACHE_SECONDS bounds
        pass  # what it kept from before, should it come back with its data


def invalidate_on_content_change(sender, **kwargs) -> None:
    """post_save/post_delete receiver: content, settings, modules and contributions count."""
    label = sender._meta.app_label
    if label in CONTENT_APPS or label in {plugin.label for plugin in installed_plugins()}:
        invalidate()


def is_shareable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES
        and not request.path_info.startswith(UNCACHED_PREFIXES)
    )


class GenerationKeyPrefix:
    """The configured key prefix plus the current generation, read on every use."""

    @property
    def key_prefix(self):
        return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}.pages.{current_generation()}"

    @key_prefix.setter
    def key_prefix(self, value):
        """Django's __init__ assigns the configured prefix; the property reads it from settings."""


class UpdatePageCacheMiddleware(GenerationKeyPrefix, UpdateCacheMiddleware):
    """First in MIDDLEWARE: stores cookie-less responses after every other middleware ran."""

    def _should_update_cache(self, request, response):
        return is_shareable(request) and super()._should_update_cache(request, response)


class FetchPageFromCacheMiddleware(GenerationKeyPrefix, FetchFromCacheMiddleware):
    """Last in MIDDLEWARE: answers cookie-less requests from the cache."""

    def process_request(self, request):
        if not is_shareable(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)
