"""Comments never cross communities: only residents of the community whose tree holds the page
comment, reply or report there."""

import pytest
from django.urls import reverse

from participation.comments.models import Comment, CommentReport, CommentsModule
from participation.residents.factories import UserFactory, VerifiedResidentFactory
from tests.communities import SECOND_HOST, make_community, unit_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(db):
    """A verified resident of the second community."""
    second = make_community()
    return VerifiedResidentFactory(unit=unit_in(second, building="8"))


def post(client, module, body, **extra):
    url = reverse("participation_comments:post", args=[module.pk])
    return client.post(url, {"body": body, **extra}, **extra_host(extra))


def extra_host(extra):
    return {"HTTP_HOST": extra.pop("host")} if "host" in extra else {}


@pytest.mark.parametrize("host", [None, SECOND_HOST])
def test_a_resident_of_another_community_cannot_comment_or_reply(
    client, comments_module, resident, outsider, host
):
    parent = Comment.objects.create(module=comments_module, author=resident, body="加装电梯")
    client.force_login(outsider)
    extra = {"host": host} if host else {}
    post(client, comments_module, "我也同意。", **extra)
    post(client, comments_module, "回复一下。", parent=str(parent.pk), **dict(extra))
    assert list(Comment.objects.all()) == [parent]
    assert not outsider.has_perm("participation_comments.add_comment", comments_module)


def test_where_every_signed_in_account_may_comment_it_is_every_account_of_the_community(
    client, comments_module
):
    comments_module.audience = CommentsModule.Audience.SIGNED_IN
    comments_module.save()
    ours, theirs = UserFactory(), UserFactory(community_id=make_community().pk)
    assert ours.has_perm("participation_comments.add_comment", comments_module)
    client.force_login(theirs)
    post(client, comments_module, "外社区的人来评论。", host=SECOND_HOST)
    assert not Comment.objects.exists()


def test_a_resident_of_another_community_cannot_report_a_comment(
    client, comments_module, resident, outsider
):
    comment = Comment.objects.create(module=comments_module, author=resident, body="加装电梯")
    client.force_login(outsider)
    client.post(reverse("participation_comments:report", args=[comment.pk]), {"reason": "x"})
    assert not CommentReport.objects.exists()
    neighbour = VerifiedResidentFactory()
    assert neighbour.has_perm("participation_comments.report_comment", comment)


def test_the_page_tells_a_resident_of_another_community_why_there_is_no_form(
    client, comments_module, resident, outsider
):
    Comment.objects.create(module=comments_module, author=resident, body="加装电梯")
    client.force_login(outsider)
    page = client.get(comments_module.page.url).text
    assert "只有该社区的居民可以评论" in page
    assert 'class="comment-form"' not in page
    assert "举报" not in page
    client.force_login(VerifiedResidentFactory())
    page = client.get(comments_module.page.url).text
    assert 'class="comment-form"' in page
