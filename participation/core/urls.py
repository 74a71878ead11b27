"""Mounts each participation plugin's URLs under /participate/<label>/ (namespace = label)."""

from django.urls import include, path

from plugins.registry import participation_plugins


def plugin_patterns():
    return [
        path(f"{plugin.label}/", include((plugin.urls, plugin.label), namespace=plugin.label))
        for plugin in participation_plugins()
        if plugin.urls
    ]


urlpatterns = plugin_patterns()
