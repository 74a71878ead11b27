"""Site search over every content page: live, public pages only, Chinese by bigrams."""

import segno
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from pages import open_data as open_data_downloads
from pages.feeds import OutcomesAtomFeed, OutcomesRssFeed
from pages.models import DisclosurePage
from pages.models.base import ContentPage, SectionIndexPage
from pages.pagination import paginate
from pages.search import excerpt, query_terms
from pages.site_data import prime_request, public, site_sections
from participation.core.links import absolute_url
from participation.core.models import Module
from participation.core.params import text_param
from participation.residents.communities import community_of_request
from plugins.switches import is_enabled

MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10


@require_safe
def page_link(request, page_id):
    """/p/<id>/: a page's address that survives a new slug or a move; live public pages only."""
    return _redirect_to(_public_page(request, page_id), request)


@require_safe
def disclosure_link(request, category, year, serial):
    """/d/<category>-<year>-<serial>/: a disclosure by its number (居务〔2026〕7号)."""
    found = DisclosurePage.objects.live().filter(
        serial_community=community_of_request(request),
        category__slug=category,
        serial_year=year,
        serial=serial,
    )
    return _redirect_to(public(found, request).first(), request)


@require_safe
def poster(request, page_id):
    """An A4 poster of a public page for the paper notice board, with a QR code that leads back
    to it (its lasting address), so a reader can comment or register from their phone."""
    page = _public_page(request, page_id)
    if not isinstance(page, ContentPage) or not page.get_url(request=request):
        raise Http404
    link = absolute_url(page.short_path())
    context = {
        "page": page,
        "link": link,
        "qr": segno.make(link, error="m").svg_data_uri(scale=8, border=2),
        "facts": page.poster_facts(),
        "modules": _open_modules(page, request),
    }
    return TemplateResponse(request, "pages/poster.html", context)


def _public_page(request, page_id):
    """The live page ``page_id`` (its specific type) if no view restriction covers it."""
    return public(Page.objects.live().filter(pk=page_id), request).specific().first()


def _open_modules(page, request) -> list:
    """What a reader of the poster can do on the page now: comment, register, vote."""
    return [
        module
        for module in Module.objects.filter(page=page).order_by("closes_at", "pk")
        if module.is_open() and module.plugin and is_enabled(module.plugin.label, request=request)
    ]


def _redirect_to(page, request):
    url = page.get_url(request=request) if page is not None else None
    if not url:
        raise Http404
    # Temporary: a browser must not remember where the page was when its slug changes.
    return redirect(url)


@require_safe
def open_data(request):
    """What can be downloaded, per year, under which licence."""
    context = {
        "datasets": [
            (dataset, dataset.years(request)) for dataset in open_data_downloads.datasets(request)
        ],
        "sections": _sections_with_feeds(request),
    }
    return TemplateResponse(request, "pages/open_data.html", context)


def _sections_with_feeds(request) -> list:
    site = Site.find_for_request(request)
    if site is None:
        return []
    children = public(site.root_page.get_children().live(), request).specific()
    return [page for page in children if isinstance(page, SectionIndexPage)]


@require_safe
def open_data_download(request, dataset, year, fmt):
    return open_data_downloads.download(request, dataset, year, fmt)


outcomes_rss = require_safe(OutcomesRssFeed())
outcomes_atom = require_safe(OutcomesAtomFeed())


def search(request):
    query = text_param(request.GET, "q", max_length=MAX_QUERY_LENGTH)
    terms = query_terms(query)
    results = None
    if terms:
        prime_request(request)
        site = Site.find_for_request(request)
        pages = public(Page.objects.live(), request)
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        found = pages.search(terms, operator="and")
        results = paginate(request, found, RESULTS_PER_PAGE)
        results.object_list = _as_results(list(results.object_list), site, query, request)
    return TemplateResponse(
        request, "pages/search.html", {"search_query": query, "results": results}
    )


def _as_results(hits, site, query, request=None):
    """Each hit as (page, section, excerpt): the specific page (one query per page type), the
    section is its ancestor just under the site's home, the excerpt marks the query's terms."""
    if not hits:
        return []
    specific = Page.objects.filter(pk__in=[hit.pk for hit in hits]).specific().in_bulk()
    pages = [specific.get(hit.pk, hit) for hit in hits]
    sections = {}
    if site is not None:
        depth = site.root_page.depth + 1
        paths = {page.path[: depth * Page.steplen] for page in pages if page.depth >= depth}
        sections = {page.path: page for page in site_sections(request) if page.path in paths}
        if paths - sections.keys():  # a section left out of the menu
            sections |= {page.path: page for page in Page.objects.filter(path__in=paths)}
    return [
        (
            page,
            sections.get(page.path[: (site.root_page.depth + 1) * Page.steplen]) if site else None,
            excerpt(_text_of(page), query),
        )
        for page in pages
    ]


def _text_of(page) -> str:
    if isinstance(page, ContentPage):
        return page.plain_text()
    return page.search_description or getattr(page, "intro", "")
