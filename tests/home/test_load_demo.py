"""The demo loader builds the community, twice without change, and only where it may."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from home import demo
from home.models import CommunityInfo, HomePage
from pages.models import BlogPage, DisclosurePage
from participation.core.models import Module
from participation.residents.factories import DEMO_PASSWORD, UserFactory
from participation.residents.models import Building, Representative, User

pytestmark = pytest.mark.django_db(transaction=False)

ROLE_ACCOUNTS = ["admin", "editor", "reviewer", "volunteer", "resident", "representative"]


def snapshot():
    """Row counts of every model, and the latest revision of every page."""
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    pages = {page.pk: page.latest_revision_id for page in Page.objects.all()}
    return counts, pages


def test_demo_builds_one_account_per_role_and_loads_twice_without_change():
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    # What a person needs to start, and no more: the address and every account.
    summary = out.getvalue()
    assert "http://testserver/admin/" in summary
    assert DEMO_PASSWORD in summary
    assert all(f"    {username} " in summary for username in ROLE_ACCOUNTS)
    assert len(summary.splitlines()) < 20
    for username in ROLE_ACCOUNTS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="resident").is_verified
    assert Representative.objects.current().filter(user__username="representative").exists()

    first = snapshot()
    call_command("load_demo", "--force", verbosity=0)
    assert snapshot() == first
    assert Revision.objects.count() == first[0]["wagtailcore.Revision"]


def test_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.exists()


def test_demo_refuses_a_database_with_real_content():
    UserFactory(username="real-staff")
    before = snapshot()
    with pytest.raises(CommandError, match="did not create"):
        call_command("load_demo", "--force", verbosity=0)
    assert snapshot() == before


def test_demo_builds_a_second_invented_community_and_the_district_overview(client):
    call_command("load_demo", "--force", verbosity=0)
    default = Site.objects.get(is_default_site=True)
    second = Site.objects.get(hostname=demo.SECOND_HOST)
    home = second.root_page.specific
    assert isinstance(home, HomePage)
    assert CommunityInfo.for_site(second).name == demo.SECOND_NAME
    assert CommunityInfo.for_site(default).name == "柳背桥社区"
    assert default.root_page.slug == "home"

    buildings = Building.objects.filter(community=second)
    assert sorted(buildings.values_list("number", flat=True)) == demo.SECOND_BUILDINGS
    assert not Building.objects.filter(community=default, number__in=demo.SECOND_BUILDINGS)
    residents = User.objects.filter(username__startswith="second-resident-")
    assert residents.count() == len(demo.SECOND_RESIDENTS)
    assert all(user.is_verified_resident_of(second.pk) for user in residents)
    assert not User.objects.get(username="resident").is_verified_resident_of(second.pk)

    under_second = Page.objects.descendant_of(home)
    kinds = set(Module.objects.filter(page__in=under_second).values_list("kind", flat=True))
    assert {"hearing", "ballot"} <= kinds
    assert DisclosurePage.objects.live().descendant_of(home).count() == 1
    assert BlogPage.objects.live().descendant_of(home).count() == 1
    # The first community's modules all stay on its own pages.
    assert not Module.objects.exclude(page__in=under_second).filter(title__contains="虚构")

    overview = client.get("/", HTTP_HOST=demo.DISTRICT_HOST).content.decode()
    assert "柳背桥社区" in overview
    assert demo.SECOND_NAME in overview
    assert "示例二社区2026年公益经费公示（虚构）" in overview
    assert "要事票决：21栋加装电梯（虚构）" in overview
    second_home = client.get("/", HTTP_HOST=demo.SECOND_HOST).content.decode()
    assert "加装电梯听证会（虚构）" in second_home
    assert "停车" not in second_home
    # Its own staff groups, with page rights on its tree only, and its own review workflow.
    from wagtail.models import GroupPagePermission

    from pages.roles import EDITORS, community_group_name

    editors = GroupPagePermission.objects.filter(group__name=community_group_name(EDITORS, second))
    assert set(editors.values_list("page_id", flat=True)) == {second.root_page_id}
    assert home.get_workflow().name.endswith(f"（{second.site_name}）")
