"""A second community on the same installation: its own home page, Wagtail site and buildings."""

from wagtail.models import Page, Site

from home.models import HomePage
from participation.residents.factories import UnitFactory

SECOND_HOST = "second.test"


def make_community(
    hostname: str = SECOND_HOST, title: str = "第二示例社区", port: int = 80
) -> Site:
    """A community beside the default one: a home page under the tree's root and a site for it."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=title, slug=hostname.replace(".", "-")))
    return Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=title)


def unit_in(community: Site, building: str = "1", number: str = "1单元101"):
    return UnitFactory(
        building__community_id=community.pk, building__number=building, number=number
    )
