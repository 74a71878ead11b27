"""The page cache: whole public pages for visitors who carry no cookie, served before any other
middleware with one cache read, and purged page by page through Wagtail's frontend cache.

Only cookie-less GET and HEAD requests are answered from the cache or stored into it, so nothing
rendered for a signed-in resident (their vote, their forms, their messages) can reach anyone else;
a response that sets a cookie, is not a 200, is private or no-store, or varies on a header other
than Cookie and Accept-Language is never stored. Accept-Language is harmless because every cached
path carries its language (Chinese at /, English under /en/, ``i18n_patterns``): paths outside
them (the sitemap, the favicon) are not cached, nor are the admin, documents, accounts and
participation views (feeds, receipts, certificates: what changes them is not a page).

Storage: one entry per path for its query-less variant, one more for its query-string variants
(``?page=2``, searches; at most ``MAX_VARIANTS``), each a dict keyed by scheme, host and query
string. A purge names paths, never hosts or queries, so it removes every variant of the path.
A purge also leaves the path's purge time behind: a render that began before it never stores
its (possibly stale) page afterwards — checked when storing, so a hit stays one read.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPSConnection
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age, patch_response_headers
from django.utils.encoding import iri_to_uri
from wagtail.contrib.frontend_cache.backends import BaseBackend, HTTPBackend

logger = logging.getLogger(__name__)

MAX_VARIANTS = 16  # per path and kind (query-less, query strings): bounds a hit's read
UNCACHED_PREFIXES = ("/admin/", "/api/", "/documents/", "/sitemap.xml", "/favicon.ico")
UNCACHED_LOCALISED = ("accounts/", "participate/")  # under every language's prefix
SHAREABLE_VARY = {"cookie", "accept-language"}
NOT_SHAREABLE = {"private", "no-store", "no-cache"}


def uncached_prefixes() -> tuple[str, ...]:
    prefixes = list(UNCACHED_PREFIXES)
    for code, _name in settings.LANGUAGES:
        base = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        prefixes += [base + path for path in UNCACHED_LOCALISED]
    return tuple(prefixes)


def page_cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def _path_key(path: str) -> str:
    digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}.page.{digest}"


def entry_key(path: str, with_query: bool) -> str:
    return _path_key(path) + (".q" if with_query else "")


def purged_key(path: str) -> str:
    return _path_key(path) + ".purged"


@dataclass(frozen=True)
class StoredPage:
    """A finished response as it left the last middleware, and when its render began."""

    started: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes

    @classmethod
    def of(cls, response, started: float) -> "StoredPage":
        headers = tuple(response.headers.items())
        return cls(started, response.status_code, headers, response.content)

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, status=self.status, headers=dict(self.headers))


def is_shareable(request, uncached: tuple[str, ...]) -> bool:
    """A request whose answer may be shared: no cookie, no credentials, a public path."""
    meta = request.META
    return (
        request.method in ("GET", "HEAD")
        and not meta.get("HTTP_COOKIE")
        and not meta.get("HTTP_AUTHORIZATION")
        and not request.path.startswith(uncached)
    )


def storable_seconds(response, default: int) -> int:
    """How long the response may be kept for everyone; 0 when it must not be."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return 0
    if response.has_header("Cache-Control"):
        directives = {
            part.split("=", 1)[0].strip().lower()
            for part in cc_delim_re.split(response["Cache-Control"])
        }
        if directives & NOT_SHAREABLE:
            return 0
    if response.has_header("Vary"):
        varied = {name.strip().lower() for name in cc_delim_re.split(response["Vary"])}
        if not varied <= SHAREABLE_VARY:
            return 0
    max_age = get_max_age(response)
    return default if max_age is None else max_age


def store(cache, path: str, variant: str, page: StoredPage, seconds: int) -> None:
    """Add the variant to its path's entry unless a purge came after its render began.

    Variants rendered before the path's last purge are dropped while merging. The purge time is
    read again after writing: a purge that slipped in between finds either our write (and
    deletes it) or leaves a time that makes us delete it here.
    """
    key, tombstone = entry_key(path, "?" in variant), purged_key(path)
    found = cache.get_many([key, tombstone])
    purged = found.get(tombstone, 0.0)
    if page.started <= purged:
        return
    entry = {name: kept for name, kept in found.get(key, {}).items() if kept.started > purged}
    if variant not in entry and len(entry) >= MAX_VARIANTS:
        del entry[min(entry, key=lambda name: entry[name].started)]
    entry[variant] = page
    cache.set(key, entry, seconds)
    if cache.get(tombstone, 0.0) >= page.started:
        cache.delete(key)


def purge_paths(paths) -> None:
    """Forget every variant of these paths (any host, any query string)."""
    paths = set(paths)
    if not paths:
        return
    cache, now = page_cache(), time.time()
    # Longer than any render, so that a render begun before the purge cannot store after it.
    keep = max(settings.CACHE_MIDDLEWARE_SECONDS, 300)
    cache.set_many({purged_key(path): now for path in paths}, keep)
    cache.delete_many([entry_key(path, query) for path in paths for query in (False, True)])


class PageCacheMiddleware:
    """First in MIDDLEWARE: answers shareable requests from the cache before anything else runs,
    and stores the finished response, with every other middleware's headers, when it may."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.CACHE_MIDDLEWARE_SECONDS
        self.uncached = uncached_prefixes()

    def __call__(self, request):
        if not self.seconds or not is_shareable(request, self.uncached):
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        variant = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}" + (
            f"?{query}" if query else ""
        )
        cache = page_cache()
        stored = (cache.get(entry_key(request.path, bool(query))) or {}).get(variant)
        if stored is not None:
            return stored.response()
        started = time.time()
        response = self.get_response(request)
        if request.method == "GET" and (seconds := storable_seconds(response, self.seconds)):
            patch_response_headers(response, seconds)
            store(cache, request.path, variant, StoredPage.of(response, started), seconds)
        return response


class PageCacheBackend(BaseBackend):
    """Wagtail frontend cache backend for the page cache above: purges paths on every host."""

    def purge(self, url) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        purge_paths(unquote(urlsplit(url).path) for url in urls)


class ProxyPurgeBackend(HTTPBackend):
    """Wagtail's HTTPBackend (a PURGE per URL to LOCATION), over one kept-alive connection per
    batch. The proxy keeps query-less URLs only (its purge module has no wildcard keys), so
    URLs with a query string are skipped; the page cache purges those with their path."""

    def purge(self, url) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        urls = [url for url in urls if not urlsplit(url).query]
        if not urls:
            return
        kind = HTTPSConnection if self.cache_scheme == "https" else HTTPConnection
        connection = kind(self.cache_netloc, timeout=5)
        try:
            for url in urls:
                parts = urlsplit(url)
                path = iri_to_uri(parts.path)
                connection.request("PURGE", path, headers={"Host": parts.netloc})
                answer = connection.getresponse()
                answer.read()
                if answer.status not in (200, 404):  # 404: it was not cached
                    logger.error("Couldn't purge %s from the proxy: %d", url, answer.status)
        except OSError as error:
            logger.error("Couldn't purge %d URLs from the proxy: %s", len(urls), error)
        finally:
            connection.close()
