"""Project-wide middleware: the content security policy, X-Accel-Redirect.

The page cache, first of all middleware in production, is config/page_cache.py.
"""

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, plus inline scripts in the Wagtail admin only.

    Some Wagtail 8 admin widgets still render inline <script> (the date pickers of list filters
    call initDateChooser inline), so the admin, which only signed-in staff reach, needs
    'unsafe-inline'; the public pages that residents read keep script-src 'self'.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts


class AccelRedirectMiddleware:
    """A response that hands a file to nginx (X-Accel-Redirect) has an empty body, so it must
    not carry the file's Content-Length, which django-sendfile2 and Wagtail's document view
    set: granian drops a reply shorter than announced, and nginx answers 502."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("X-Accel-Redirect"):
            del response["Content-Length"]
        return response
