"""Production: fails closed. Every secret comes from the environment; HTTPS everywhere."""

import os

from config.env import env_bool, env_required

from .base import *  # noqa: F403 -- settings modules extend the base by design
from .base import MIDDLEWARE, STORAGES

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
# The public address that links in e-mails, calendars and the sitemap start from; a system
# check (participation_core.E001) stops migrate and check while it is missing.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")

# The SMS file backend sends nothing: a system check (participation_notifications.E001)
# stops the site with it unless SMS_ALLOW_FILE_BACKEND=1 says so (a demo, a staging host).
SMS_ALLOW_FILE_BACKEND = env_bool("SMS_ALLOW_FILE_BACKEND", False)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# Whole pages for visitors who carry no cookie (config/page_cache.py), served before any other
# middleware and purged page by page when content changes; PAGE_CACHE_SECONDS=0 switches it off.
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
CACHE_MIDDLEWARE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "community")
WAGTAILFRONTENDCACHE = {}
if CACHE_MIDDLEWARE_SECONDS:
    MIDDLEWARE = ["config.page_cache.PageCacheMiddleware", *MIDDLEWARE]
    WAGTAILFRONTENDCACHE["pages"] = {"BACKEND": "config.page_cache.PageCacheBackend"}
# nginx's proxy cache in front (deploy/nginx.conf.in): where it accepts PURGE requests.
if PROXY_CACHE_PURGE_URL := os.environ.get("PROXY_CACHE_PURGE_URL", ""):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "config.page_cache.ProxyPurgeBackend",
        "LOCATION": PROXY_CACHE_PURGE_URL,
    }
