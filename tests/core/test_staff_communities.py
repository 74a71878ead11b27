"""The participation modules' admin and the participation block's chooser of staff of one
community: its modules only; another's ids read as missing, another's pages are no choice.
The shared helpers scope by a community field once a model has one."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from participation.core.models import Module
from tests.communities import make_community
from tests.staff_communities import community_staff, district_user, shows, shows_none

pytestmark = pytest.mark.django_db

RIGHTS = [f"participation_core.{action}_module" for action in ("add", "change", "delete", "view")]


@pytest.fixture
def modules(site):
    second = make_community()
    return {
        key: Module.objects.create(page=community.root_page, kind="dummy", title=title)
        for key, community, title in (("a", site, "甲模块"), ("b", second, "乙模块"))
    }


def test_the_modules_list_and_chooser_show_the_staff_members_community_only(client, site, modules):
    client.force_login(community_staff(site, permissions=RIGHTS))
    for url in (
        reverse("wagtailsnippets_participation_core_module:list"),
        reverse("wagtailsnippets_participation_core_module:list") + "?q=模块",
    ):
        assert shows(client, url, "甲模块")
        assert shows_none(client, url, "乙模块")
    chooser = client.get(reverse("wagtailsnippetchoosers_participation_core_module:choose"))
    html = chooser.json()["html"]
    assert str(modules["a"].label()) in html
    assert str(modules["b"].label()) not in html
    for view in ("edit", "delete"):
        url = reverse(f"wagtailsnippets_participation_core_module:{view}", args=[modules["b"].pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Module.objects.filter(pk=modules["b"].pk).exists()


def test_the_district_reads_every_communitys_modules_and_deletes_none(client, modules):
    client.force_login(district_user(permissions=RIGHTS))
    list_url = reverse("wagtailsnippets_participation_core_module:list")
    assert shows(client, list_url, "甲模块", "乙模块")
    for module in modules.values():
        url = reverse("wagtailsnippets_participation_core_module:delete", args=[module.pk])
        assert client.post(url).status_code == 404
    assert Module.objects.count() == 2


def test_every_scoped_admin_list_names_a_community_its_records_have():
    """A misnamed lookup would fail only when staff open the list: every one resolves here."""
    from participation.core.admin_tools import StaffModelAdmin

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    scoped = [admin for admin in subclasses(StaffModelAdmin) if admin.community_field]
    assert len(scoped) >= 15
    for admin in scoped:
        model = admin.model
        for name in admin.community_field.split("__"):
            model = model._meta.get_field(name).related_model
        assert model is Site, admin


def test_a_bulk_action_cannot_reach_another_communitys_module(client, site, modules):
    client.force_login(community_staff(site, permissions=RIGHTS))
    url = reverse("wagtail_bulk_action", args=["participation_core", "module", "delete"])
    for ids in ([modules["b"].pk], [modules["a"].pk, modules["b"].pk]):
        query = "&".join(f"id={pk}" for pk in ids)
        assert client.post(f"{url}?{query}").status_code == 404
    assert Module.objects.count() == 2
    client.post(f"{url}?id={modules['a'].pk}")
    assert list(Module.objects.all()) == [modules["b"]]
