"""Comments come a page of threads at a time (a comment with its replies): links work without
JavaScript, bad ?page values answer gracefully, and posting, the feed and 我的参与 land on the
page that holds the comment. One form per module serves new comments and replies."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from participation.comments.models import Comment
from participation.comments.presentation import PAGE_SIZE
from participation.residents.factories import VerifiedResidentFactory
from plugins.registry import get_plugin

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(resident):
    return VerifiedResidentFactory(username="li", display_name="李大爷", unit=resident.unit)


@pytest.fixture
def threads(comments_module, neighbour):
    """PAGE_SIZE + 5 comments, one a minute, the oldest first in the list."""
    start = timezone.now() - timedelta(days=1)
    return [
        Comment.objects.create(
            module=comments_module,
            author=neighbour,
            body=f"第{n}条意见",
            created_at=start + timedelta(minutes=n),
        )
        for n in range(PAGE_SIZE + 5)
    ]


def shown(client, url) -> list[str]:
    soup = BeautifulSoup(client.get(url).text, "html.parser")
    return [body.get_text() for body in soup.select("section.comments .comment-body")]


def test_page_one_holds_the_newest_threads_and_page_two_the_rest(client, comments_module, threads):
    url = comments_module.page.url
    first = shown(client, url)
    assert first == [f"第{n}条意见" for n in range(PAGE_SIZE + 4, 4, -1)]
    page = client.get(url).text
    assert f'href="?comments=newest&amp;page=2#comments-{comments_module.pk}"' in page
    assert shown(client, f"{url}?page=2") == [f"第{n}条意见" for n in range(4, -1, -1)]
    assert shown(client, f"{url}?comments=oldest&page=2") == [
        f"第{n}条意见" for n in range(PAGE_SIZE, PAGE_SIZE + 5)
    ]


def test_a_reply_stays_on_the_page_of_its_comment(client, comments_module, threads, resident):
    oldest = threads[0]
    Comment.objects.create(module=comments_module, author=resident, parent=oldest, body="新回复")
    url = comments_module.page.url
    assert "新回复" not in shown(client, url)
    second = shown(client, f"{url}?page=2")
    assert second[-2:] == ["第0条意见", "新回复"]


@pytest.mark.parametrize(
    ("value", "first_shown"),
    [
        ("abc", f"第{PAGE_SIZE + 4}条意见"),
        ("0", f"第{PAGE_SIZE + 4}条意见"),
        ("-1", f"第{PAGE_SIZE + 4}条意见"),
        ("1.5", f"第{PAGE_SIZE + 4}条意见"),
        ("99", "第4条意见"),  # past the end: the last page
        ("9" * 30, f"第{PAGE_SIZE + 4}条意见"),
    ],
)
def test_bad_page_values_answer_gracefully(client, comments_module, threads, value, first_shown):
    response = client.get(comments_module.page.url, {"page": value})
    assert response.status_code == 200
    assert shown(client, f"{comments_module.page.url}?page={value}")[0] == first_shown


def post(client, module, body, **extra):
    return client.post(
        reverse("participation_comments:post", args=[module.pk]), {"body": body, **extra}
    )


def test_posting_lands_on_the_page_that_holds_the_comment(
    client, comments_module, threads, resident
):
    client.force_login(resident)
    response = post(client, comments_module, "最新的意见")
    new = Comment.objects.get(body="最新的意见")
    assert response["Location"] == f"{comments_module.page.url}#comment-{new.pk}"

    response = post(client, comments_module, "回复最早的意见", parent=threads[0].pk)
    reply = Comment.objects.get(body="回复最早的意见")
    assert response["Location"] == f"{comments_module.page.url}?page=2#comment-{reply.pk}"
    assert f'id="comment-{reply.pk}"' in client.get(response["Location"]).text


def test_the_feed_and_my_participation_link_to_the_page_of_the_comment(
    client, comments_module, threads, neighbour
):
    feed = client.get(reverse("participation_comments:feed", args=[comments_module.pk])).text
    url = comments_module.page.url
    assert f"{url}?page=2#comment-{threads[0].pk}" in feed
    assert f"{url}#comment-{threads[-1].pk}</link>" in feed
    rows = {row.url for row in get_plugin("participation_comments").my_participation(neighbour)}
    assert f"{url}?page=2#comment-{threads[0].pk}" in rows
    assert f"{url}#comment-{threads[-1].pk}" in rows


def test_one_form_serves_new_comments_and_every_reply(client, comments_module, threads, resident):
    client.force_login(resident)
    soup = BeautifulSoup(client.get(comments_module.page.url).text, "html.parser")
    section = soup.select_one("section.comments")
    assert len(section.find_all("form")) == 1
    assert len(section.find_all("textarea")) == 1
    links = section.select("a.comment-reply-link")
    assert len(links) == PAGE_SIZE  # one per thread shown, none on replies
    newest = threads[-1]
    assert links[0]["data-parent"] == str(newest.pk)
    assert links[0]["href"] == (
        f"?comments=newest&page=1&reply={newest.pk}#comment-form-{comments_module.pk}"
    )


def test_the_reply_link_works_without_javascript(client, comments_module, threads, resident):
    client.force_login(resident)
    oldest = threads[0]
    page = client.get(comments_module.page.url, {"page": 2, "reply": oldest.pk}).text
    form = BeautifulSoup(page, "html.parser").select_one(f"form#comment-form-{comments_module.pk}")
    assert form.select_one("input[name=parent]")["value"] == str(oldest.pk)
    assert "回复 3栋 李** 的评论" in form.get_text()
    response = post(client, comments_module, "不用脚本也能回复", parent=oldest.pk)
    assert Comment.objects.get(body="不用脚本也能回复").parent == oldest
    assert "?page=2#comment-" in response["Location"]


def test_a_reply_link_to_a_reply_or_an_unknown_comment_is_ignored(
    client, comments_module, threads, resident
):
    reply = Comment.objects.create(
        module=comments_module, author=resident, parent=threads[-1], body="一条回复"
    )
    client.force_login(resident)
    for value in (reply.pk, 999999, "x"):
        page = client.get(comments_module.page.url, {"reply": value}).text
        form = BeautifulSoup(page, "html.parser").select_one("form.comment-form")
        assert form.select_one("input[name=parent]").get("value") in (None, "")
