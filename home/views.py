from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the printed code sheet)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
