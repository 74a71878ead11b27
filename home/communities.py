"""Creating a community: its home page, sections, Wagtail site, details, plugin switches and
review workflow, as ``manage.py add_community`` and the demo build them.

Idempotent: the site is found by its host name and port, the home page by its site (or its slug
under the tree's root), each section by its type under the home page; what exists is kept.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site, Workflow, WorkflowPage

from home.models import CommunityInfo, HomePage
from pages.models import BlogIndexPage, DisclosureIndexPage, HearingIndexPage, ShowcaseIndexPage
from pages.roles import WORKFLOW_NAME
from plugins.models import PluginSettings

# (page type, slug, Chinese title, English title): the four sections every community has.
SECTIONS = [
    (BlogIndexPage, "blog", "社区博客", "Community blog"),
    (DisclosureIndexPage, "disclosures", "党务、居务公开栏", "Public disclosures"),
    (HearingIndexPage, "hearings", "听证会与恳谈会", "Hearings and meetings"),
    (ShowcaseIndexPage, "showcases", "特色创建", "Showcases"),
]


@dataclass
class Community:
    site: Site
    home: HomePage
    sections: dict  # slug -> section page


def create_community(name: str, hostname: str, port: int = 80) -> Community:
    """The community ``name`` served at ``hostname:port``, built where anything is missing."""
    with transaction.atomic():
        site = Site.objects.filter(hostname=hostname, port=port).first()
        home = _home_page(site, name, hostname)
        if site is None:
            site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)
        sections = {slug: _section(home, model, slug, *titles) for model, slug, *titles in SECTIONS}
        _community_info(site, name)
        PluginSettings.for_site(site)  # every plugin on, as for a new installation
        _review_workflow(home)
    return Community(site=site, home=home, sections=sections)


def _home_page(site, name, hostname) -> HomePage:
    if site is not None:
        return site.root_page.specific
    root = Page.get_first_root_node()
    slug = slugify(hostname)
    existing = root.get_children().filter(slug=slug).type(HomePage).first()
    if existing is not None:
        return existing.specific
    home = HomePage(title=name, slug=slug, live=False)
    root.add_child(instance=home)
    home.save_revision().publish()
    home.refresh_from_db()
    return home


def _section(home, model, slug, title, title_en):
    existing = home.get_children().type(model).first()
    if existing is not None:
        return existing.specific
    section = model(title=title, slug=slug, title_en=title_en, show_in_menus=True)
    section.live = False
    home.add_child(instance=section)
    section.save_revision().publish()
    section.refresh_from_db()
    return section


def _community_info(site, name) -> None:
    info = CommunityInfo.for_site(site)
    if info.name != name:
        info.name = name
        info.save(update_fields=["name"])


def _review_workflow(home) -> None:
    """The installation's review workflow on the community's tree: drafts go to the reviewers
    before they are published, whichever community they belong to."""
    if WorkflowPage.objects.filter(page=home).exists():
        return
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.create(page=home, workflow=workflow)
