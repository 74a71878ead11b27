"""Posting, replying, editing, deleting through the public views, and every bad input."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.comments.models import Comment, CommentsModule
from participation.residents.factories import VerifiedResidentFactory


def post(client, module, body, **extra):
    return client.post(
        reverse("participation_comments:post", args=[module.pk]), {"body": body, **extra}
    )


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


def test_a_verified_resident_posts_and_sees_the_comment(signed_in, comments_module):
    response = post(signed_in, comments_module, "建议增设  https://example.com 的充电桩。")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    page = signed_in.get(comments_module.page.url).content.decode()
    assert "3栋 王**" in page
    assert 'href="https://example.com" rel="nofollow ugc"' in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<script>alert(1)</script>", None),
        ("", "请填写评论内容"),
        ("   \n\t ", "评论内容太短"),
        ("\u200b\u200b\u202e", "评论内容太短"),
        ("x" * 100_000, "评论内容太长"),
        ("有\x00空字符", "评论内容包含无效字符"),
    ],
)
def test_bad_bodies(signed_in, comments_module, body, message):
    response = post(signed_in, comments_module, body)
    if message is None:  # markup is kept as text, never rendered
        assert Comment.objects.get().body == body
        page = signed_in.get(comments_module.page.url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;" in page
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_text_is_kept_when_the_form_is_refused(signed_in, comments_module):
    response = post(signed_in, comments_module, "好" + "\x00")
    assert response.status_code == 400
    assert "好" in response.content.decode()


def test_replies_are_one_level_deep_and_on_the_same_page(signed_in, comments_module, home_page):
    top = Comment.objects.create(module=comments_module, author=None, body="主评论")
    assert post(signed_in, comments_module, "回复一下", parent=top.pk).status_code == 302
    reply = Comment.objects.get(parent=top)
    deeper = post(signed_in, comments_module, "回复的回复", parent=reply.pk)
    assert deeper.status_code == 400
    assert "不能回复“回复”" in deeper.content.decode()
    other_page = home_page.add_child(instance=type(home_page)(title="另一页", slug="another"))
    other = CommentsModule.objects.create(page=other_page, title="别处")
    elsewhere = Comment.objects.create(module=other, body="别处的评论")
    cross = post(signed_in, comments_module, "跨页回复", parent=elsewhere.pk)
    assert cross.status_code == 400
    assert "只能回复本页面上的评论" in cross.content.decode()
    assert Comment.objects.count() == 3


def test_edit_within_fifteen_minutes_only_and_only_ones_own(signed_in, comments_module, resident):
    own = Comment.objects.create(module=comments_module, author=resident, body="原来的话")
    url = reverse("participation_comments:edit", args=[own.pk])
    assert signed_in.post(url, {"body": "改过的话"}).status_code == 302
    own.refresh_from_db()
    assert own.body == "改过的话"
    assert own.edited_at
    Comment.objects.filter(pk=own.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    late = signed_in.post(url, {"body": "太晚了"})
    assert late.status_code == 403
    someone = Comment.objects.create(
        module=comments_module, author=VerifiedResidentFactory(), body="别人的话"
    )
    other = signed_in.post(
        reverse("participation_comments:edit", args=[someone.pk]), {"body": "改"}
    )
    assert other.status_code == 403
    own.refresh_from_db()
    someone.refresh_from_db()
    assert own.body == "改过的话"
    assert someone.body == "别人的话"


def test_delete_own_comment_only(signed_in, comments_module, resident):
    own = Comment.objects.create(module=comments_module, author=resident, body="要删除的")
    someone = Comment.objects.create(
        module=comments_module, author=VerifiedResidentFactory(), body="别人的"
    )
    assert (
        signed_in.post(reverse("participation_comments:delete", args=[someone.pk])).status_code
        == 403
    )
    assert (
        signed_in.post(reverse("participation_comments:delete", args=[own.pk])).status_code == 302
    )
    own.refresh_from_db()
    assert own.state == Comment.State.DELETED
    assert own.body == ""
    assert list(Comment.public.all()) == [someone]


def test_posting_after_closing_is_refused(signed_in, comments_module):
    comments_module.closes_at = timezone.now() - timedelta(minutes=1)
    comments_module.opens_at = timezone.now() - timedelta(days=1)
    comments_module.save()
    response = post(signed_in, comments_module, "截止后的意见")
    assert response.status_code == 400
    assert "不能在这里发表评论" in response.content.decode()
    assert not Comment.objects.exists()
    assert "意见征集已结束" in signed_in.get(comments_module.page.url).content.decode()


def test_closing_defaults_to_the_pages_opinion_deadline(comments_module, monkeypatch):
    from participation.comments import models
    from participation.core.pages import OpinionWindow

    deadline = timezone.now() - timedelta(hours=1)
    window = OpinionWindow(None, deadline)
    monkeypatch.setattr(models, "opinion_window", lambda page: window)
    module = CommentsModule.objects.get(pk=comments_module.pk)
    assert module.effective_closes_at() == deadline
    assert not module.is_open()


def test_unverified_residents_cannot_post_where_verified_is_required(
    client, unverified, comments_module
):
    client.force_login(unverified)
    response = post(client, comments_module, "我还没认证")
    assert response.status_code == 400
    assert "不能在这里发表评论" in response.content.decode()
    assert "仅限已认证居民评论" in client.get(comments_module.page.url).content.decode()
    comments_module.audience = CommentsModule.Audience.SIGNED_IN
    comments_module.save()
    assert post(client, comments_module, "现在可以了").status_code == 302


def test_rate_limit_five_a_minute_and_fifty_a_day(signed_in, comments_module, resident):
    for n in range(5):
        assert post(signed_in, comments_module, f"第{n}条意见").status_code == 302
    flood = post(signed_in, comments_module, "第六条")
    assert flood.status_code == 429
    assert "每分钟最多 5 条" in flood.content.decode()
    Comment.objects.update(created_at=timezone.now() - timedelta(hours=1))
    Comment.objects.bulk_create(
        Comment(
            module=comments_module,
            author=resident,
            body="旧",
            created_at=timezone.now() - timedelta(hours=2),
        )
        for _ in range(45)
    )
    daily = post(signed_in, comments_module, "第五十一条")
    assert daily.status_code == 429
    assert "每天最多 50 条" in daily.content.decode()
    assert Comment.objects.count() == 50


def test_honeypot_stores_nothing(signed_in, comments_module):
    response = post(signed_in, comments_module, "我是机器人", website="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_forged_csrf_token_is_refused_with_a_clear_message(resident, comments_module):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post(
        reverse("participation_comments:post", args=[comments_module.pk]),
        {"body": "伪造的请求", "csrfmiddlewaretoken": "forged" * 8},
    )
    assert response.status_code == 403
    assert "安全校验未通过" in response.content.decode()
    assert not Comment.objects.exists()


def test_pre_moderation_hides_until_approved(signed_in, comments_module):
    comments_module.moderation = CommentsModule.Moderation.PRE
    comments_module.save()
    post(signed_in, comments_module, "先审后发的意见")
    assert Comment.objects.get().state == Comment.State.PENDING
    assert "先审后发的意见" not in signed_in.get(comments_module.page.url).content.decode()


def test_staff_reply_on_the_page_is_the_official_reply(client, moderator, comments_module):
    top = Comment.objects.create(module=comments_module, body="请问何时施工？")
    client.force_login(moderator)
    post(client, comments_module, "下月开工，届时公告。", parent=top.pk)
    reply = Comment.objects.get(parent=top)
    assert reply.is_official
    page = client.get(comments_module.page.url).content.decode()
    assert "官方回复" in page
    assert "社区编辑小刘" in page


def test_comments_sort_newest_or_oldest(client, comments_module):
    old = Comment.objects.create(
        module=comments_module, body="较早的意见", created_at=timezone.now() - timedelta(days=1)
    )
    Comment.objects.create(module=comments_module, body="较新的意见")
    newest = client.get(comments_module.page.url).content.decode()
    oldest = client.get(comments_module.page.url + "?comments=oldest").content.decode()
    assert newest.index("较新的意见") < newest.index(old.body)
    assert oldest.index(old.body) < oldest.index("较新的意见")


def test_the_form_works_without_javascript(signed_in, comments_module):
    page = signed_in.get(comments_module.page.url).content.decode()
    action = reverse("participation_comments:post", args=[comments_module.pk])
    assert f'action="{action}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "<script" not in page.split('id="comments-')[1]


def test_module_renders_in_english(client, comments_module):
    page = client.get("/en" + comments_module.page.url).content.decode()
    assert "No comments yet." in page


def test_no_comments_on_an_unpublished_page(signed_in, comments_module):
    comments_module.page.unpublish()
    assert post(signed_in, comments_module, "草稿页上的评论").status_code == 404
    assert not Comment.objects.exists()
