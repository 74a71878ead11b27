"""The per-site switch: whether a plugin is on for a Wagtail site (stored in PluginSettings)."""

from plugins.models import PluginSettings


def is_enabled(label: str, request=None, site=None) -> bool:
    """Whether the plugin ``label`` is switched on for the request's (or the given) site.

    Without a request or a site (a management command, a background job) every plugin is on.
    """
    if request is not None:
        settings = PluginSettings.for_request(request)
    elif site is not None:
        settings = PluginSettings.for_site(site)
    else:
        return True
    return label not in settings.disabled_plugins
