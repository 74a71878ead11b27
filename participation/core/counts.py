"""Per-page counts of public contributions for listing pages, without importing any plugin."""

from collections import Counter

from django.db.models import Count

from participation.core.models import Module
from plugins.registry import participation_plugins
from plugins.switches import is_enabled


def contribution_counts(pages, request=None) -> dict[int, int]:
    """Visible contributions per page id, summed over the plugins switched on for the site.

    One call per plugin whatever the number of pages, so a listing's query count stays fixed.
    """
    page_ids = [page.pk for page in pages]
    totals = Counter()
    if not page_ids:
        return totals
    for plugin in participation_plugins():
        if request is None or is_enabled(plugin.label, request=request):
            totals.update(plugin.count_contributions(page_ids))
    return totals


def count_per_page(contributions) -> dict[int, int]:
    """A plugin's ``count_contributions``: the rows of ``contributions`` (a queryset of a model
    with a ``module``) counted per page id, in one query. Listings are public and cached for
    anonymous visitors, so only modules an anonymous visitor may see are counted."""
    contributions = contributions.filter(module__in=Module.objects.visible_to(None))
    rows = contributions.values("module__page_id").annotate(total=Count("pk")).order_by()
    return {row["module__page_id"]: row["total"] for row in rows}
