"""Creating a community: a home page with one section of each kind, its site, details, plugin
switches and review workflow; twice without change; from the command line."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Revision, Site, WorkflowPage

from home.communities import SECTIONS, create_community
from home.models import CommunityInfo, HomePage
from pages.roles import EDITORS, WORKFLOW_NAME, community_group_name
from plugins.models import PluginSettings

pytestmark = pytest.mark.django_db

NAME, HOST = "示例二社区（虚构）", "second.test"


def test_a_community_has_its_site_home_page_and_one_section_of_each_kind(root_page):
    community = create_community(NAME, HOST)

    site = Site.objects.get(hostname=HOST, port=80)
    assert community.site == site
    assert site.site_name == NAME
    assert not site.is_default_site
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.live
    assert home.title == NAME
    assert home.get_parent().pk == root_page.pk
    for model, slug, title, _title_en in SECTIONS:
        (section,) = home.get_children().type(model)
        assert section.live
        assert section.slug == slug
        assert section.title == title
        assert section.show_in_menus
        assert community.sections[slug].pk == section.pk
    assert CommunityInfo.for_site(site).name == NAME
    assert PluginSettings.objects.get(site=site).disabled_plugins == []
    assert WorkflowPage.objects.get(page=home).workflow.name == WORKFLOW_NAME
    assert home.get_workflow().name == WORKFLOW_NAME


def test_the_default_community_is_left_alone(site, home_page):
    before = (CommunityInfo.for_site(site).name, list(home_page.get_children()))
    create_community(NAME, HOST)
    site.refresh_from_db()
    assert site.is_default_site
    assert site.root_page_id == home_page.pk
    assert (CommunityInfo.for_site(site).name, list(home_page.get_children())) == before


def test_creating_it_twice_changes_nothing():
    first = create_community(NAME, HOST)
    counts = (Page.objects.count(), Site.objects.count(), Revision.objects.count())
    again = create_community(NAME, HOST)
    assert (Page.objects.count(), Site.objects.count(), Revision.objects.count()) == counts
    assert again.site == first.site
    assert again.home.pk == first.home.pk


def test_a_missing_section_is_added_and_the_others_kept():
    community = create_community(NAME, HOST)
    kept = community.sections["blog"].pk
    community.sections["hearings"].delete()
    again = create_community(NAME, HOST)
    assert again.sections["blog"].pk == kept
    assert again.sections["hearings"].get_parent().pk == community.home.pk


def test_two_communities_on_two_hosts_have_their_own_trees():
    first = create_community(NAME, HOST)
    other = create_community("示例三社区（虚构）", "third.test", port=8000)
    assert first.home.pk != other.home.pk
    assert other.site.port == 8000
    assert not other.sections["blog"].is_descendant_of(first.home)


def test_the_command_adds_a_community_once():
    out = io.StringIO()
    call_command("add_community", NAME, HOST, "--port", "8000", stdout=out)
    assert "http://second.test:8000/" in out.getvalue()
    site = Site.objects.get(hostname=HOST, port=8000)
    count = Page.objects.count()
    call_command("add_community", NAME, HOST, "--port", "8000", stdout=io.StringIO())
    assert Page.objects.count() == count
    assert Site.objects.filter(hostname=HOST).get() == site
    editors = GroupPagePermission.objects.filter(group__name=community_group_name(EDITORS, site))
    assert set(editors.values_list("page_id", flat=True)) == {site.root_page_id}
