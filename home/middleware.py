"""Hands Wagtail the request's site and settings from the shared cache (pages.site_data)."""

from wagtail.views import serve

from pages.site_data import prime_request


class SiteDataMiddleware:
    """Before Wagtail serves a page it looks up the site (a query) and, while rendering, the
    site's settings (one query each); both come from the cached site data instead, for pages and
    for the apps' namespaced views (plugins check their switch first). Other views load the data
    when they render a template (the layout's context processor), so a view that renders none,
    such as a bare health check, pays nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if view_func is serve or (match and match.namespaces):  # pages and apps' (plugins') views
            prime_request(request)
