"""The district overview: each community with its latest disclosures and open participation,
in the same few queries whatever the number of communities."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Site

from home.models import CommunityInfo, HomePage
from pages.listings import latest_disclosures_by_community, open_modules_by_community
from plugins.models import PluginSettings
from plugins.registry import participation_plugins

DISCLOSURES_PER_COMMUNITY = 3


@dataclass
class CommunityOverview:
    site: Site
    name: str
    disclosures: list = field(default_factory=list)
    modules: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.site.root_url + "/"


def community_sites() -> list[Site]:
    """The sites whose root is a community's home page, the default one first, then in the
    order they were made; one per home page (a community answering on two host names is listed
    once, under the site made first, whose details staff set)."""
    home_type = ContentType.objects.get_for_model(HomePage)
    sites = (
        Site.objects.filter(root_page__content_type=home_type)
        .select_related("root_page")
        .order_by("-is_default_site", "pk")
    )
    first = {}
    for site in sites:
        first.setdefault(site.root_page_id, site)
    return list(first.values())


def enabled_kinds(sites) -> dict:
    """``{home pk: the participation kinds switched on for its site}``: one query."""
    disabled = dict(
        PluginSettings.objects.filter(site__in=sites).values_list("site_id", "disabled_plugins")
    )
    plugins = participation_plugins()
    return {
        site.root_page_id: [p.kind for p in plugins if p.label not in disabled.get(site.pk, [])]
        for site in sites
    }


def community_overviews(request=None) -> list[CommunityOverview]:
    sites = community_sites()
    homes = [site.root_page for site in sites]
    names = dict(CommunityInfo.objects.filter(site__in=sites).values_list("site_id", "name"))
    disclosures = latest_disclosures_by_community(homes, request, DISCLOSURES_PER_COMMUNITY)
    modules = open_modules_by_community(homes, enabled_kinds(sites))
    return [
        CommunityOverview(
            site=site,
            name=names.get(site.pk) or site.site_name or site.root_page.title,
            disclosures=disclosures[site.root_page_id],
            modules=modules[site.root_page_id],
        )
        for site in sites
    ]
