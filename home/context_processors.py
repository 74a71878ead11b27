from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def _sections(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu())


def site_sections(request):
    """The home page's menu sections for the header; queried only when a template uses them."""
    return {"site_sections": SimpleLazyObject(lambda: _sections(request))}
