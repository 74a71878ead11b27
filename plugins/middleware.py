"""Answers 404 for the URLs of a plugin that is switched off on the request's site."""

from django.http import Http404

from plugins.registry import get_plugin
from plugins.switches import is_enabled


class PluginSwitchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        for namespace in match.namespaces if match else ():
            if get_plugin(namespace) is not None and not is_enabled(namespace, request=request):
                raise Http404
        return
