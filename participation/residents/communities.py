"""Communities: each is a Wagtail site with its own home page, sections, buildings and residents.

Pages and plugins ask here which community a request, a page or a module belongs to, and which
communities a member of staff may manage, so that nothing crosses from one community to another.
"""

from django.db.models import Q
from wagtail.models import GroupPagePermission, Page, Site


def community_of_request(request) -> Site | None:
    """The community the request is addressed to (Wagtail's site for its host name)."""
    return Site.find_for_request(request)


def community_id_of_page(page) -> int | None:
    """The site whose tree holds ``page``, from Wagtail's cached site root paths (no query)."""
    roots = [
        root for root in Site.get_site_root_paths() if page.url_path.startswith(root.root_path)
    ]
    if not roots:
        return None
    return max(roots, key=lambda root: len(root.root_path)).site_id


def community_id_of_module(module) -> int | None:
    return community_id_of_page(module.page)


def managed_community_ids(user) -> set[int] | None:
    """The communities whose content ``user`` works on: those whose home page lies within a page
    permission of one of their groups. None for a superuser: every community; and for any staff
    member of an installation of one community (its staff manage it as they always have),
    except the district's read-only role."""
    if user.is_superuser:
        return None
    if len(Site.get_site_root_paths()) == 1 and not user.has_perm(DISTRICT_PERMISSION):
        return None
    granted = Page.objects.filter(
        pk__in=GroupPagePermission.objects.filter(group__user=user).values("page")
    ).values_list("path", flat=True)
    sites = Site.objects.select_related("root_page").only("pk", "root_page__path")
    return {
        site.pk
        for site in sites
        for path in granted
        if site.root_page.path.startswith(path) or path.startswith(site.root_page.path)
    }


def on_pages_of_community(queryset, community_id, page_field: str = "page"):
    """The rows of ``queryset`` whose page (``page_field``) lies in the community's tree, the
    trees of other sites nested in it left out, as ``community_id_of_page`` decides."""
    roots = dict(Site.objects.values_list("pk", "root_page__path"))
    own = roots.get(community_id)
    if own is None:
        return queryset.none()
    rows = queryset.filter(**{f"{page_field}__path__startswith": own})
    for site_id, path in roots.items():
        if site_id != community_id and path.startswith(own) and path != own:
            rows = rows.exclude(**{f"{page_field}__path__startswith": path})
    return rows


DISTRICT_PERMISSION = "participation_residents.view_all_communities"
"""The district's read-only role: reads every community's admin records, writes none."""

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def readable_community_ids(user) -> set[int] | None:
    """The communities whose records ``user`` may read: those they manage, or all of them (None)
    for a superuser and for the district's read-only role."""
    if user.is_superuser or user.has_perm(DISTRICT_PERMISSION):
        return None
    return managed_community_ids(user)


def staff_community_ids(request) -> set[int] | None:
    """The communities a request from staff reaches: read across what they may read, act (any
    method but GET and HEAD) only where they manage. None: every community."""
    if request.method in SAFE_METHODS:
        return readable_community_ids(request.user)
    return managed_community_ids(request.user)


def within_communities(queryset, community_ids, *, community=None, page=None):
    """``queryset`` limited to the communities ``community_ids`` (None: unlimited).

    ``community`` names the lookup of the object's site (``"community"``,
    ``"unit__building__community"``), ``page`` the lookup of a page in that site's tree
    (``"page"``, ``"module__page"``): the page lies under the site's home page."""
    if community_ids is None:
        return queryset
    if community is not None:
        return queryset.filter(**{f"{community}__in": community_ids})
    roots = Site.objects.filter(pk__in=community_ids).values_list("root_page__path", flat=True)
    path = f"{page}__path__startswith" if page else "path__startswith"
    within = Q(pk__in=[])
    for root in roots:
        within |= Q(**{path: root})
    return queryset.filter(within)


def in_community_scope(community_ids, community_id) -> bool:
    return community_ids is None or community_id in community_ids
