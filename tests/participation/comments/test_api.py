"""Public comments in the read-only API: what the pages show, with public names only."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from participation.comments import services
from participation.comments.models import Comment, CommentsModule
from participation.core.embedding import embed_module
from participation.core.links import absolute_url
from plugins.models import PluginSettings

pytestmark = pytest.mark.django_db


def _items(path="/api/v2/comments/"):
    response = Client().get(path)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_published_comments_with_the_authors_public_name_only(comments_module, resident, moderator):
    comment = services.post_comment(resident, comments_module, "楼道灯坏了。")
    services.official_reply(moderator, comment, "已报修。")
    hidden = services.post_comment(resident, comments_module, "隐藏的评论")
    Comment.objects.filter(pk=hidden.pk).update(state=Comment.State.HIDDEN)
    items = _items()
    assert [item["body"] for item in items] == ["已报修。", "楼道灯坏了。"]
    first = items[1]
    assert first["author"] == resident.public_name == "3栋 王**"
    assert first["page_url"] == absolute_url(comments_module.page)
    assert items[0]["official"] is True
    assert items[0]["parent"] == comment.pk
    text = str(items)
    for private in (resident.username, "1单元201", str(resident.phone or "none"), resident.email):
        assert private not in text


def test_a_private_pages_comments_are_not_listed(comments_module, resident, home_page):
    services.post_comment(resident, comments_module, "公开页面的评论")
    private_page = home_page.add_child(instance=type(home_page)(title="内部", slug="internal"))
    PageViewRestriction.objects.create(page=private_page, restriction_type="login")
    private = CommentsModule.objects.create(page=private_page, title="内部意见")
    embed_module(private)
    services.post_comment(resident, private, "内部页面的评论")
    assert [item["body"] for item in _items()] == ["公开页面的评论"]
    assert _items(f"/api/v2/comments/?page_id={private_page.pk}") == []


def test_one_pages_thread(comments_module, resident, home_page):
    services.post_comment(resident, comments_module, "首页的评论")
    other_page = home_page.add_child(instance=type(home_page)(title="议题", slug="topic"))
    other = CommentsModule.objects.create(page=other_page, title="意见")
    embed_module(other)
    services.post_comment(resident, other, "议题的评论")
    assert [i["body"] for i in _items(f"/api/v2/comments/?page_id={other_page.pk}")] == [
        "议题的评论"
    ]


def test_switched_off_the_endpoint_is_gone(comments_module, site):
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_comments"]
    settings.save()
    assert Client().get("/api/v2/comments/").status_code == 404


def test_each_community_lists_its_own_comments(comments_module, resident):
    from participation.residents.factories import VerifiedResidentFactory
    from tests.communities import SECOND_HOST, make_community, unit_in

    second = make_community()
    theirs = CommentsModule.objects.create(page=second.root_page, title="第二社区意见")
    embed_module(theirs)
    neighbour = VerifiedResidentFactory(unit=unit_in(second))
    services.post_comment(resident, comments_module, "柳背桥的评论")
    services.post_comment(neighbour, theirs, "第二社区的评论")
    assert [item["body"] for item in _items()] == ["柳背桥的评论"]
    response = Client().get("/api/v2/comments/", HTTP_HOST=SECOND_HOST)
    assert [item["body"] for item in response.json()["results"]] == ["第二社区的评论"]
