"""The home page's blocks: each a fixed, small number of queries whatever the number of pages.

With a request, the privacy filter comes from the cached site data (pages.site_data) instead of
one PageViewRestriction query per block.
"""

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone
from wagtail.models import Page

from pages.models import BlogPage, DisclosurePage, HearingNoticePage, ShowcasePage
from pages.models.showcases import with_cover_renditions
from pages.site_data import public
from participation.core.models import Module
from plugins.registry import participation_plugins
from plugins.switches import is_enabled

HOME_ITEMS = 5


def latest_disclosures(root, request=None, limit=HOME_ITEMS):
    return list(
        public(DisclosurePage.objects.live(), request)
        .descendant_of(root)
        .filter(DisclosurePage.current_q(timezone.localdate()))
        .select_related("category")
        .order_by("-first_published_at")[:limit]
    )


def upcoming_hearings(root, request=None, limit=HOME_ITEMS):
    return list(
        public(HearingNoticePage.objects.live(), request)
        .descendant_of(root)
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at")[:limit]
    )


def open_topics(root, request=None, limit=HOME_ITEMS):
    return list(
        public(BlogPage.objects.live(), request)
        .descendant_of(root)
        .filter(opinions_open_until__gt=timezone.now())
        .order_by("opinions_open_until")[:limit]
    )


def featured_showcases(root, request=None, limit=4):
    showcases = (
        public(ShowcasePage.objects.live(), request)
        .descendant_of(root)
        .filter(featured=True)
        .select_related("feature_type", "building")
        .order_by("-first_published_at")
    )
    return list(with_cover_renditions(showcases)[:limit])


def outcomes(root, request=None, limit=HOME_ITEMS) -> list:
    """Topics whose outcome and meetings whose minutes are published, latest first."""
    newest = ("-last_published_at", "-pk")
    topics = public(BlogPage.objects.live(), request).descendant_of(root).exclude(outcome="")
    meetings = public(HearingNoticePage.objects.live(), request).descendant_of(root)
    meetings = meetings.exclude(minutes="")
    found = [
        page
        for page in [*topics.order_by(*newest)[:limit], *meetings.order_by(*newest)[:limit]]
        if page.has_outcome()
    ]
    return sorted(found, key=lambda page: page.last_published_at, reverse=True)[:limit]


def open_now_q(now, prefix="") -> Q:
    """Modules whose window holds ``now`` (``prefix``: the lookup's path to the module)."""
    return (Q(**{f"{prefix}opens_at__isnull": True}) | Q(**{f"{prefix}opens_at__lte": now})) & (
        Q(**{f"{prefix}closes_at__isnull": True}) | Q(**{f"{prefix}closes_at__gt": now})
    )


def open_modules(root, request=None, limit=HOME_ITEMS):
    """Open participation modules (ballots, hearings, comments...) the visitor may use.

    Through participation.core only: a plugin installed later shows up here without this
    code importing it; a plugin switched off for the site is left out.
    """
    kinds = [
        plugin.kind
        for plugin in participation_plugins()
        if request is None or is_enabled(plugin.label, request=request)
    ]
    now = timezone.now()
    user = getattr(request, "user", None)  # only signed-in visitors' pages skip the page cache
    return list(
        Module.objects.visible_to(user)
        .filter(kind__in=kinds, page__in=Page.objects.descendant_of(root))
        .filter(open_now_q(now))
        .select_related("page")
        .order_by("closes_at", "-created_at")[:limit]
    )


# Many communities at once (the district overview): one query per listing, whatever their
# number. Each community is a home page; a page belongs to the one whose path starts its own.


def _first_per_community(queryset, homes, path, order_by, limit) -> dict:
    """``{home pk: [the first `limit` rows under that home]}``, numbered per community by a
    window over the home's part of the tree path (home pages all sit at the same depth)."""
    if not homes:
        return {}
    length = len(homes[0].path)
    rows = queryset.annotate(
        community_path=Substr(path, 1, length),
        place=Window(RowNumber(), partition_by=Substr(path, 1, length), order_by=order_by),
    ).filter(place__lte=limit)
    by_path = {home.path: [] for home in homes}
    for row in rows:
        by_path[row.community_path].append(row)
    return {home.pk: by_path[home.path] for home in homes}


def latest_disclosures_by_community(homes, request=None, limit=3) -> dict:
    """Each community's current public disclosures, newest first (as on its home page)."""
    under = Q()
    for home in homes:
        under |= Q(path__startswith=home.path, depth__gt=home.depth)
    disclosures = (
        public(DisclosurePage.objects.live(), request)
        .filter(under)
        .filter(DisclosurePage.current_q(timezone.localdate()))
        .select_related("category")
    )
    newest = [F("first_published_at").desc(), F("pk").desc()]
    return _first_per_community(disclosures, homes, "path", newest, limit)


def open_modules_by_community(homes, enabled_kinds, limit=HOME_ITEMS) -> dict:
    """Each community's open participation modules, on pages anyone may view, of the kinds
    switched on for it (``enabled_kinds``: home pk -> kinds), soonest closing first."""
    under = Q(pk__in=[])
    for home in homes:
        kinds = enabled_kinds.get(home.pk, ())
        under |= Q(page__path__startswith=home.path, page__depth__gt=home.depth, kind__in=kinds)
    modules = (
        Module.objects.visible_to(None)
        .filter(under)
        .filter(open_now_q(timezone.now()))
        .select_related("page")
    )
    soonest = [F("closes_at").asc(nulls_last=True), F("created_at").desc()]
    return _first_per_community(modules, homes, "page__path", soonest, limit)


def next_change(blocks, now=None):
    """When time alone next changes what the blocks show (a meeting starts or ends, a topic
    or module closes, a module opens), or None; the day's disclosures are keyed by the date."""
    now = now or timezone.now()
    moments = [
        moment
        for notice in blocks["upcoming_hearings"]
        for moment in (notice.registration_deadline, notice.starts_at, notice.ends_at)
    ]
    moments += [topic.opinions_open_until for topic in blocks["open_topics"]]
    moments += [module.closes_at for module in blocks["open_modules"]]
    moments.append(
        Module.objects.filter(opens_at__gt=now)
        .order_by("opens_at")
        .values_list("opens_at", flat=True)
        .first()
    )
    return min((moment for moment in moments if moment and moment > now), default=None)


def home_blocks(root, request=None):
    return {
        "latest_disclosures": latest_disclosures(root, request),
        "upcoming_hearings": upcoming_hearings(root, request),
        "open_topics": open_topics(root, request),
        "featured_showcases": featured_showcases(root, request),
        "open_modules": open_modules(root, request),
    }
