"""System checks for what production needs configured."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register()
def public_root_is_configured(app_configs, **kwargs):
    """Links in e-mails, calendars, the sitemap and printed notices are built from
    WAGTAILADMIN_BASE_URL: without it, residents would get links to the server itself."""
    if settings.DEBUG:
        return []
    root = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    parts = urlsplit(root)
    if parts.scheme in ("http", "https") and parts.hostname:
        return []
    return [
        Error(
            "WAGTAILADMIN_BASE_URL is not set to the site's public address.",
            hint="Set the WAGTAILADMIN_BASE_URL environment variable, e.g. "
            "https://liubeiqiao.example: links in e-mails, calendars, the sitemap and printed "
            "pages start from it.",
            id="participation_core.E001",
        )
    ]
