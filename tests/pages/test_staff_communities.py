"""Staff of one community write that community's pages and use its images and documents only;
the district's read-only group changes no page."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from pages import factories, roles
from participation.residents.communities import managed_community_ids
from tests.communities import make_community
from tests.staff_communities import community_staff, district_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(db):
    return make_community()


@pytest.fixture
def blog_a(home_page):
    return factories.publish_child(home_page, factories.BlogIndexPageFactory, title="甲议事")


@pytest.fixture
def blog_b(second):
    return factories.publish_child(
        second.root_page.specific, factories.BlogIndexPageFactory, title="乙议事"
    )


def test_a_communitys_groups_have_the_roles_rights_on_its_own_tree_and_collection(second):
    groups = roles.create_community_groups(second)
    assert roles.create_community_groups(second) == groups  # idempotent
    assert set(groups) == {roles.EDITORS, roles.REVIEWERS, roles.VOLUNTEERS}
    editors = groups[roles.EDITORS]
    assert editors.name == "编辑（第二示例社区）"
    pages = set(GroupPagePermission.objects.filter(group=editors).values_list("page", flat=True))
    assert pages == {second.root_page_id}
    collection = Collection.objects.get(name="第二示例社区", depth=2)
    collections = GroupCollectionPermission.objects.filter(group=editors)
    assert {permission.collection_id for permission in collections} == {collection.pk}
    wide = Group.objects.get(name=roles.EDITORS)
    assert set(wide.permissions.all()) <= set(editors.permissions.all())
    assert second.root_page.get_workflow().name == roles.WORKFLOW_NAME + "（第二示例社区）"


def test_the_installation_wide_groups_keep_the_whole_tree(site, second):
    roles.create_community_groups(second)
    editors = Group.objects.get(name=roles.EDITORS)
    pages = GroupPagePermission.objects.filter(group=editors).values_list("page__depth", flat=True)
    assert set(pages) == {1}
    editor = community_staff(site, username="wide")
    editor.groups.set([editors])
    assert managed_community_ids(editor) == {site.pk, second.pk}


def test_staff_of_one_community_edit_its_pages_only(client, site, second, blog_a, blog_b):
    editor_b = community_staff(second)
    assert managed_community_ids(editor_b) == {second.pk}
    client.force_login(editor_b)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[blog_b.pk])).status_code == 200
    for view in ("wagtailadmin_pages:edit", "wagtailadmin_pages:add_subpage"):
        assert client.get(reverse(view, args=[blog_a.pk])).status_code in (302, 403)
    assert not blog_a.permissions_for_user(editor_b).can_edit()
    assert blog_b.get_workflow().tasks.get().specific.groups.get().name == "审核员（第二示例社区）"


def test_a_community_volunteers_are_opened_its_new_showcase_sections(second):
    volunteer = community_staff(second, roles.VOLUNTEERS)
    section = factories.publish_child(second.root_page.specific, factories.ShowcaseIndexPageFactory)
    assert section.permissions_for_user(volunteer).can_add_subpage()
    assert not section.permissions_for_user(volunteer).can_publish_subpage()


def test_staff_see_and_choose_their_communitys_images_only(client, site, second):
    editor_a = community_staff(site)
    editor_b = community_staff(second)
    image_a = factories.ImageFactory(
        title="甲楼道照片", collection=roles.community_collection(site)
    )
    factories.ImageFactory(title="乙楼道照片", collection=roles.community_collection(second))
    client.force_login(editor_b)
    library = client.get(reverse("wagtailimages:index")).text
    chooser = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert "乙楼道照片" in library
    assert "乙楼道照片" in chooser
    assert "甲楼道照片" not in library
    assert "甲楼道照片" not in chooser
    edit_a = reverse("wagtailimages:edit", args=[image_a.pk])
    assert client.get(edit_a).status_code in (302, 403)
    client.force_login(editor_a)
    assert client.get(edit_a).status_code == 200


def test_staff_see_their_communitys_documents_only(client, site, second):
    import wagtail_factories

    community_staff(site)
    editor_b = community_staff(second)
    wagtail_factories.DocumentFactory(title="甲文件", collection=roles.community_collection(site))
    wagtail_factories.DocumentFactory(title="乙文件", collection=roles.community_collection(second))
    client.force_login(editor_b)
    listing = client.get(reverse("wagtaildocs:index")).text
    assert "乙文件" in listing
    assert "甲文件" not in listing


def test_the_district_changes_no_page(client, blog_a, blog_b):
    district = district_user()
    client.force_login(district)
    for page in (blog_a, blog_b):
        assert not page.permissions_for_user(district).can_edit()
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code in (
            302,
            403,
        )
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
