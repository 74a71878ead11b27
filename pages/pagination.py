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


def shared_listing_key(request, **normalised) -> str | None:
    """What names a listing kept as a shared fragment: its filters and page as the view
    understood them, when the query string holds exactly those (so the pagination links in the
    fragment carry nothing a visitor typed, and the keys are bounded); else None, and the
    listing is rendered for this request alone."""
    given = {name: request.GET.getlist(name) for name in request.GET}
    wanted = {name: [str(value)] for name, value in normalised.items() if value}
    if given != wanted:
        return None
    return "?" + "&".join(f"{name}={values[0]}" for name, values in sorted(wanted.items()))
