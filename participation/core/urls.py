"""Mounts each plugin's URLs under /participate/<label>/ (namespace = label), after the
core's own: the resident's 我的参与 page. Participation plugins get a default URL module;
other plugins (notifications) name theirs in ``urls``."""

from django.urls import include, path

from participation.core.my_participation import my_participation
from plugins.registry import installed_plugins


def plugin_patterns():
    return [
        path(f"{plugin.label}/", include((plugin.urls, plugin.label), namespace=plugin.label))
        for plugin in installed_plugins()
        if plugin.urls
    ]


urlpatterns = [path("mine/", my_participation, name="my_participation"), *plugin_patterns()]
