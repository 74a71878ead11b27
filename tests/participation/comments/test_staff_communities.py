"""The comments admin of staff of one community: its comments, blocks, log and exports only;
another community's ids read as missing. The superuser sees both; the district reads both and
moderates nothing."""

import pytest
from django.urls import reverse

from participation.comments.models import Comment, CommentsModule
from participation.residents.factories import VerifiedResidentFactory
from tests.communities import make_community, unit_in
from tests.staff_communities import (
    community_staff,
    district_user,
    shows,
    shows_none,
    superuser,
)

pytestmark = pytest.mark.django_db

MODERATE = "participation_comments.moderate_comment"
RIGHTS = [MODERATE] + [
    f"participation_comments.{action}_commentsmodule" for action in ("add", "change", "delete")
]
QUEUE = "participation_comments_comment_modeladmin_index"
LOG = "participation_comments_moderationlog_modeladmin_index"


@pytest.fixture
def comments(site):
    second = make_community()
    made = {}
    for key, community, name in (("a", site, "甲"), ("b", second, "乙")):
        module = CommentsModule.objects.create(page=community.root_page, title=f"{name}评论区")
        author = VerifiedResidentFactory(unit=unit_in(community, building=name))
        made[key] = Comment.objects.create(
            module=module, author=author, body=f"{name}的意见", state=Comment.State.PENDING
        )
    return made


@pytest.fixture
def staff_a(site):
    return community_staff(site, permissions=RIGHTS)


def moderate(comment, action="approve"):
    return reverse("participation_comments_admin:moderate", args=[comment.pk, action])


def test_the_queue_blocks_and_exports_show_the_staff_members_community_only(
    client, comments, staff_a
):
    client.force_login(staff_a)
    assert shows(client, reverse(QUEUE), "甲的意见")
    assert shows_none(client, reverse(QUEUE), "乙的意见", "乙评论区")
    assert shows_none(client, reverse("participation_comments_admin:export_index"), "乙评论区")
    snippets = reverse("wagtailsnippets_participation_comments_commentsmodule:list")
    assert shows(client, snippets, "甲评论区")
    assert shows_none(client, snippets, "乙评论区")


def test_another_communitys_comment_cannot_be_opened_or_moderated(client, comments, staff_a):
    client.force_login(staff_a)
    theirs = comments["b"]
    module_b = theirs.module
    assert (
        client.get(
            reverse("participation_comments_comment_modeladmin_inspect", args=[theirs.pk])
        ).status_code
        == 404
    )
    assert client.post(moderate(theirs)).status_code == 404
    assert (
        client.post(
            reverse("participation_comments_admin:reply", args=[theirs.pk]), {"body": "官方回复"}
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("participation_comments_admin:export_csv", args=[module_b.pk])
        ).status_code
        == 404
    )
    client.post(
        reverse("participation_comments_admin:bulk"),
        {"action": "hide", "comment": [theirs.pk, comments["a"].pk]},
    )
    for view in ("edit", "delete"):
        url = reverse(
            f"wagtailsnippets_participation_comments_commentsmodule:{view}", args=[module_b.pk]
        )
        assert client.get(url).status_code == 404
    theirs.refresh_from_db()
    comments["a"].refresh_from_db()
    assert theirs.state == Comment.State.PENDING
    assert comments["a"].state == Comment.State.HIDDEN
    assert client.post(moderate(comments["a"], "restore")).status_code == 302


def test_a_block_cannot_be_put_on_another_communitys_page(client, comments, staff_a):
    client.force_login(staff_a)
    add = reverse("wagtailsnippets_participation_comments_commentsmodule:add")
    page_b = comments["b"].module.page_id
    data = {"page": page_b, "title": "越界", "audience": "verified", "moderation": "post"}
    client.post(add, data)
    assert not CommentsModule.objects.filter(title="越界").exists()
    client.post(add, {**data, "page": comments["a"].module.page_id})
    assert CommentsModule.objects.filter(title="越界").exists()


def test_the_superuser_sees_both_communities(client, comments):
    client.force_login(superuser())
    assert shows(client, reverse(QUEUE), "甲的意见", "乙的意见")


def test_the_district_reads_both_communities_and_moderates_nothing(client, comments):
    client.force_login(district_user(permissions=[MODERATE]))
    assert shows(client, reverse(QUEUE), "甲的意见", "乙的意见")
    for comment in comments.values():
        assert client.post(moderate(comment)).status_code == 404
        comment.refresh_from_db()
        assert comment.state == Comment.State.PENDING
