"""Mounts each participation plugin's URLs under /participate/<label>/ (namespace = label),
after the core's own: the resident's 我的参与 page."""

from django.urls import include, path

from participation.core.my_participation import my_participation
from plugins.registry import participation_plugins


def plugin_patterns():
    return [
        path(f"{plugin.label}/", include((plugin.urls, plugin.label), namespace=plugin.label))
        for plugin in participation_plugins()
        if plugin.urls
    ]


urlpatterns = [path("mine/", my_participation, name="my_participation"), *plugin_patterns()]
