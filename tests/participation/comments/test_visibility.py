"""One public manager: pending, hidden, reported and deleted comments appear nowhere public."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.comments.apps import CommentsConfig
from participation.comments.models import Comment, CommentsModule
from participation.core.counts import contribution_counts
from participation.residents.factories import VerifiedResidentFactory

States = Comment.State


def test_only_published_comments_on_live_pages_are_public(comments_module):
    visible = Comment.objects.create(module=comments_module, body="公开")
    for state in (States.PENDING, States.HIDDEN, States.REPORTED, States.DELETED):
        Comment.objects.create(module=comments_module, body=f"不公开-{state}", state=state)
    hidden_parent = Comment.objects.create(
        module=comments_module, body="隐藏的主评论", state=States.HIDDEN
    )
    Comment.objects.create(module=comments_module, body="隐藏主评论下的回复", parent=hidden_parent)
    assert list(Comment.public.all()) == [visible]
    page = comments_module.page
    assert contribution_counts([page]) == {page.pk: 1}
    html = __import__("django.test", fromlist=["Client"]).Client().get(page.url).content.decode()
    assert "公开" in html
    assert "不公开" not in html
    assert "隐藏主评论下的回复" not in html
    page.unpublish()
    assert not Comment.public.exists()


def test_counts_for_a_listing_take_one_query_whatever_the_number_of_pages(home_page):
    pages = []
    for n in range(6):
        child = home_page.add_child(instance=type(home_page)(title=f"话题{n}", slug=f"topic-{n}"))
        module = CommentsModule.objects.create(page=child, title="意见")
        Comment.objects.bulk_create(Comment(module=module, body="意见") for _ in range(n))
        pages.append(child)
    config = CommentsConfig.__new__(CommentsConfig)
    with CaptureQueriesContext(connection) as queries:
        counts = config.count_contributions([page.pk for page in pages])
    assert len(queries) == 1
    assert counts == {page.pk: n for n, page in enumerate(pages) if n}


def test_three_reports_from_different_residents_hide_until_a_moderator_decides(
    client, comments_module
):
    comment = Comment.objects.create(module=comments_module, body="有争议的评论")
    url = reverse("participation_comments:report", args=[comment.pk])
    reporters = [VerifiedResidentFactory() for _ in range(3)]
    client.force_login(reporters[0])
    client.post(url, {"reason": "广告"})
    client.post(url, {"reason": "同一人再举报"})  # the same resident counts once
    client.force_login(reporters[1])
    client.post(url)
    comment.refresh_from_db()
    assert comment.state == States.PUBLISHED
    assert comment.reports.count() == 2
    client.force_login(reporters[2])
    client.post(url)
    comment.refresh_from_db()
    assert comment.state == States.REPORTED
    assert not Comment.public.filter(pk=comment.pk).exists()
    assert comment.moderation_log.get().action == "auto_hide"


def test_authors_cannot_report_their_own_comment(client, resident, comments_module):
    comment = Comment.objects.create(module=comments_module, author=resident, body="我自己的")
    client.force_login(resident)
    response = client.post(reverse("participation_comments:report", args=[comment.pk]))
    assert response.status_code == 403
    assert not comment.reports.exists()


def _page_queries(client, module):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(module.page.url).status_code == 200
    return len(queries)


def test_a_page_with_comments_takes_a_fixed_number_of_queries(client, resident, comments_module):
    client.force_login(resident)

    def add(n):
        for i in range(n):
            author = VerifiedResidentFactory()
            top = Comment.objects.create(module=comments_module, author=author, body=f"意见{i}")
            Comment.objects.create(module=comments_module, author=resident, parent=top, body="回复")

    add(2)
    _page_queries(client, comments_module)  # warm the per-process caches (site, settings)
    few = _page_queries(client, comments_module)
    add(8)
    assert _page_queries(client, comments_module) == few
