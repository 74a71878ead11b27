"""Site search over every content page: live, public pages only, Chinese by bigrams."""

from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from pages.models.blog import paginate
from pages.search import query_terms

MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = query_terms(query)
    results = None
    if terms:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        found = pages.search(terms, operator="and")
        results = paginate(request, found, RESULTS_PER_PAGE)
        results.object_list = _with_sections(list(results.object_list), site)
    return TemplateResponse(
        request, "pages/search.html", {"search_query": query, "results": results}
    )


def _with_sections(hits, site):
    """Each hit as (page, section): the section is its ancestor just under the site's home."""
    if not hits or site is None:
        return [(hit, None) for hit in hits]
    depth = site.root_page.depth + 1
    paths = {hit.path[: depth * Page.steplen] for hit in hits if hit.depth >= depth}
    sections = {page.path: page for page in Page.objects.filter(path__in=paths)}
    return [(hit, sections.get(hit.path[: depth * Page.steplen])) for hit in hits]
