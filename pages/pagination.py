"""Pagination of every listing on the site: section indexes and search results."""

from django.core.paginator import EmptyPage, Paginator

from participation.core.params import int_param

PAGE_SIZE = 20


def paginate(request, items, per_page=PAGE_SIZE, param="page"):
    """One page of ``items`` from ``?<param>=`` (``page`` unless a page lists two things); a bad
    or out-of-range number gives the first/last."""
    paginator = Paginator(items, per_page)
    try:
        page = paginator.page(int_param(request.GET, param, minimum=1) or 1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    page.param = param  # the pagination links (pages/includes/pagination.html) keep to it
    return page
