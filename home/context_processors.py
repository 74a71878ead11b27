from django.utils.functional import SimpleLazyObject

from pages.site_data import prime_request
from pages.site_data import site_sections as cached_sections


def site_sections(request):
    """The site's menu sections for the header. Rendering a template is when the layout needs
    the site and its settings, so they are handed to Wagtail here from the cached site data
    (pages.site_data) unless the page view already did."""
    prime_request(request)
    return {"site_sections": SimpleLazyObject(lambda: cached_sections(request))}
