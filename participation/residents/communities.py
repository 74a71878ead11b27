"""Communities: each is a Wagtail site with its own home page, sections, buildings and residents.

Pages and plugins ask here which community a request, a page or a module belongs to, and which
communities a member of staff may manage, so that nothing crosses from one community to another.
"""

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
    permission of one of their groups. None for a superuser: every community."""
    if user.is_superuser:
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
