"""Project-wide middleware."""

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
