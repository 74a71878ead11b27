"""The read-only API's shared parts: what every endpoint under /api/v2/ is, and the endpoints
plugins add through ``PluginConfig.api_views`` (``/api/v2/<route>``).

Every endpoint is anonymous whoever asks (no session or password widens it), answers JSON
only, is rate limited per client address (the ``api`` rate) and readable from any origin.
"""

from django.http import Http404
from django.urls import path
from rest_framework.generics import ListAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import AnonRateThrottle

from participation.residents.communities import community_of_request
from participation.residents.security import client_ip
from plugins.registry import installed_plugins
from plugins.switches import is_enabled


class ClientRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle (the ``api`` rate), keyed by the client's real address behind
    the site's trusted proxies, like every other limit of the site."""

    scope = "api"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class PublicReadMixin:
    renderer_classes = [JSONRenderer]  # no browsable HTML pages: programs read it
    throttle_classes = [ClientRateThrottle]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


class Pages(LimitOffsetPagination):
    default_limit = 20
    max_limit = 100


class PluginListView(PublicReadMixin, ListAPIView):
    """A plugin's public list: 404 where the plugin is switched off for the site. It lists the
    request's community only (``self.community``, the Wagtail site of the host asked)."""

    pagination_class = Pages
    plugin_label = ""

    def initial(self, request, *args, **kwargs):
        if not is_enabled(self.plugin_label, request=request):
            raise Http404
        self.community = community_of_request(request)
        super().initial(request, *args, **kwargs)


def plugin_api_urlpatterns() -> list:
    """``/api/v2/<route>`` for every view an installed plugin offers."""
    return [
        path(f"{route}/", view, name=f"api-{plugin.label}-{route}")
        for plugin in installed_plugins()
        for route, view in plugin.api_views()
    ]
