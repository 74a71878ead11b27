"""Per-page counts of public contributions for listing pages, without importing any plugin."""

from collections import Counter

from plugins.registry import is_enabled, participation_plugins


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
