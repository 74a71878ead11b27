"""An idea (出一个主意) becomes a draft blog topic through the core's topic contract."""

import pytest
from django.urls import reverse

from pages.models import BlogIndexPage, BlogPage
from participation.posts.models import Suggestion
from participation.residents.factories import UserFactory, VerifiedResidentFactory

from .conftest import staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(home_page):
    return home_page.add_child(instance=BlogIndexPage(title="社区博客", slug="blog"))


@pytest.fixture
def idea(db):
    return Suggestion.objects.create(
        person=VerifiedResidentFactory(), title="楼道装感应灯", text="晚上楼道太黑。"
    )


def url(idea):
    return reverse("participation_posts:draft_topic", args=[idea.pk])


def test_staff_turn_an_idea_into_an_unpublished_topic(client, blog, idea):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(url(idea))
    topic = BlogPage.objects.child_of(blog).get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[topic.pk])
    assert (topic.title, topic.summary, topic.live) == ("楼道装感应灯", "晚上楼道太黑。", False)
    idea.refresh_from_db()
    assert (idea.status, idea.topic_id) == ("adopted", topic.pk)
    again = client.post(url(idea), follow=True)
    assert "已经转为博客话题草稿" in again.content.decode()
    assert BlogPage.objects.count() == 1


def test_staff_without_page_rights_create_nothing(client, blog, idea):
    client.force_login(staff_with("change_suggestion"))
    response = client.post(url(idea))
    assert "没有在社区博客下新建话题的权限" in response.content.decode()
    assert not BlogPage.objects.exists()


def test_residents_and_staff_without_the_permission_are_refused(client, blog, idea):
    for user in (VerifiedResidentFactory(), staff_with("view_partymember")):
        client.force_login(user)
        assert client.post(url(idea)).status_code == 403
    assert not BlogPage.objects.exists()
