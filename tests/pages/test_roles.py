"""Editors submit, Reviewers publish, Volunteers write showcases only; nobody else manages users."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Page

from pages import factories, roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(blog_index, disclosure_index, hearing_index, showcase_index):
    return [blog_index, disclosure_index, hearing_index, showcase_index]


def test_groups_exist_and_moderators_became_reviewers():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"编辑", "审核员", "志愿者"} <= names
    assert not names & {"Editors", "Reviewers", "Volunteers"}
    assert "Moderators" not in names


def test_every_section_has_the_party_review_workflow(sections):
    for section in sections:
        workflow = section.get_workflow()
        assert workflow.name == roles.WORKFLOW_NAME
        task = workflow.tasks.get().specific
        assert list(task.groups.values_list("name", flat=True)) == [roles.REVIEWERS]


def test_editor_can_edit_every_section_but_not_publish(sections, editor):
    for section in sections:
        permissions = section.permissions_for_user(editor)
        assert permissions.can_add_subpage()
        assert permissions.can_edit()
        assert not permissions.can_publish()


def test_reviewer_can_publish(sections, reviewer):
    assert all(section.permissions_for_user(reviewer).can_publish() for section in sections)


def test_editor_submits_and_reviewer_approves(blog_index, editor, reviewer):
    topic = factories.BlogPageFactory.build(title="待审议题", owner=editor, live=False)
    blog_index.add_child(instance=topic)
    topic.save_revision(user=editor)
    topic.get_workflow().start(topic, editor)
    task_state = topic.current_workflow_state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(topic, editor) == []
    assert "approve" in [action[0] for action in task.get_actions(topic, reviewer)]
    task.on_action(task_state, reviewer, "approve")
    topic.refresh_from_db()
    assert topic.live


def test_volunteer_writes_showcases_only_and_never_publishes(sections, volunteer):
    blog, disclosures, hearings, showcases = sections
    assert showcases.permissions_for_user(volunteer).can_add_subpage()
    assert not showcases.permissions_for_user(volunteer).can_publish_subpage()
    for section in (blog, disclosures, hearings):
        permissions = section.permissions_for_user(volunteer)
        assert not permissions.can_add_subpage()
        assert not permissions.can_edit()


def test_volunteer_cannot_edit_a_disclosure_in_the_admin(
    client, volunteer, disclosure_index, category
):
    item = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, category=category
    )
    client.force_login(volunteer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[item.pk]))
    assert response.status_code in (302, 403)
    assert client.get(
        reverse("wagtailadmin_pages:add_subpage", args=[disclosure_index.pk])
    ).status_code in (302, 403)


def test_volunteer_cannot_open_another_volunteers_draft(client, volunteer, showcase_index):
    from tests.pages.conftest import user_in_group

    other = user_in_group("volunteer2", roles.VOLUNTEERS)
    draft = factories.ShowcasePageFactory.build(title="别人的草稿", owner=other, live=False)
    showcase_index.add_child(instance=draft)
    draft.save_revision(user=other)
    mine = factories.ShowcasePageFactory.build(title="我的草稿", owner=volunteer, live=False)
    showcase_index.add_child(instance=mine)
    mine.save_revision(user=volunteer)
    client.force_login(volunteer)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).status_code in (302, 403)
    preview = reverse("wagtailadmin_pages:view_draft", args=[draft.pk])
    assert client.get(preview).status_code in (302, 403)
    listing = client.get(reverse("wagtailadmin_explore", args=[showcase_index.pk])).text
    assert "我的草稿" in listing
    assert "别人的草稿" not in listing


def test_volunteer_publish_attempt_does_not_publish(client, volunteer, showcase_index):
    from tests.pages.conftest import post_edit

    mine = factories.ShowcasePageFactory.build(title="我的项目", owner=volunteer, live=False)
    showcase_index.add_child(instance=mine)
    mine.save_revision(user=volunteer)
    client.force_login(volunteer)
    post_edit(client, mine, publish=True)
    mine.refresh_from_db()
    assert not mine.live


def test_a_new_showcase_section_is_opened_to_volunteers(home_page, volunteer):
    Page.objects.type(factories.ShowcaseIndexPageFactory._meta.model).delete()
    section = factories.publish_child(home_page, factories.ShowcaseIndexPageFactory)
    assert section.permissions_for_user(volunteer).can_add_subpage()


def test_no_group_but_administrators_may_manage_accounts_or_groups():
    managed = Permission.objects.filter(
        content_type__app_label__in=["auth", "participation_residents"],
        content_type__model__in=["user", "group"],
    )
    holders = Group.objects.filter(permissions__in=managed).exclude(name="Administrators")
    assert list(holders.values_list("name", flat=True).distinct()) == []
    assert managed.exists()  # the query looks at real permissions


def test_a_database_with_english_role_names_gets_the_chinese_ones(root_page):
    """Migration 0005 on a site migrated before it: groups, members and workflow keep working."""
    import importlib

    from django.apps import apps
    from wagtail.models import Workflow

    from participation.residents.factories import UserFactory

    migration = importlib.import_module("pages.migrations.0005_chinese_role_names")
    Group.objects.filter(name=roles.VOLUNTEERS).update(name="Volunteers")
    volunteer = UserFactory()
    volunteer.groups.add(Group.objects.get(name="Volunteers"))
    wagtail_editors = Group.objects.create(name="Editors")  # Wagtail's own, beside ours
    editor = UserFactory()
    editor.groups.add(wagtail_editors)
    Workflow.objects.filter(name=roles.WORKFLOW_NAME).update(
        name="Review by the party organisation"
    )
    Page.objects.filter(pk=root_page.pk).update(title="Root", draft_title="Root")

    migration.forwards(apps, None)

    names = set(Group.objects.values_list("name", flat=True))
    assert not names & {"Editors", "Reviewers", "Volunteers"}
    assert volunteer.groups.get().name == "志愿者"
    assert editor.groups.get().name == "编辑"
    assert Workflow.objects.filter(name="党组织审核流程").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    root_page.refresh_from_db()
    assert (root_page.title, root_page.get_admin_display_title()) == ("根页面", "根页面")
