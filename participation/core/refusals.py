"""How the site says no: error pages in the site's layout, and POST-only views that send a
browser arriving with GET (a reload, a language switch after a form error) back to the page
the form belongs to instead of answering an empty 405.

Every refusal page says why and what to do, in the request's language. A ``PermissionDenied``
message is an internal detail unless the view says otherwise by raising ``Refusal``: its
message is written for the person refused and is shown on the 403 page.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.csrf import requires_csrf_token


class Refusal(PermissionDenied):
    """A refusal whose message tells the person why (shown on the 403 page)."""


def refusal_page(request, template: str, status: int, **context):
    return render(request, template, context, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return refusal_page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    reason = str(exception) if isinstance(exception, Refusal) else ""
    return refusal_page(request, "403.html", 403, reason=reason)


@requires_csrf_token
def page_not_found(request, exception=None):
    return refusal_page(request, "404.html", 404)


def method_not_allowed(request, allowed: list[str]):
    response = refusal_page(request, "405.html", 405)
    response["Allow"] = ", ".join(allowed)
    return response


def post_only(form_page: Callable[..., str]):
    """Decorate a view that only acts on POST. ``form_page(request, **kwargs)`` returns the URL
    of the page the form lives on (and must refuse, with 404, what the user may not see); a GET
    or HEAD is redirected there, any other method gets the 405 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                return redirect(form_page(request, *args, **kwargs))
            return method_not_allowed(request, ["GET", "HEAD", "POST"])

        return wrapped

    return decorator


class MethodNotAllowedPageMiddleware:
    """Django's ``require_http_methods`` answers 405 with an empty body: give it the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            return method_not_allowed(request, response.get("Allow", "").split(", "))
        return response
