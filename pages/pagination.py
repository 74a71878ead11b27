"""Pagination of every listing on the site: section indexes and search results."""

from django.core.paginator import EmptyPage, Paginator

from participation.core.params import int_param

PAGE_SIZE = 20


def paginate(request, items, per_page=PAGE_SIZE):
    """One page of ``items`` from ``?page=``; a bad or out-of-range number gives the first/last."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(int_param(request.GET, "page", minimum=1) or 1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
