"""The comments plugin's hooks: 我的参与 rows, the data export, what deleting an account erases."""

from datetime import timedelta

import pytest
from django.utils import timezone

from participation.comments.models import Comment, CommentReport
from participation.residents.factories import VerifiedResidentFactory
from plugins.registry import get_plugin

pytestmark = pytest.mark.django_db


@pytest.fixture
def plugin():
    return get_plugin("participation_comments")


@pytest.fixture
def neighbour(resident):
    return VerifiedResidentFactory(username="li", display_name="李大爷", unit=resident.unit)


def comment(module, author, body, minutes_ago, **fields):
    created_at = timezone.now() - timedelta(minutes=minutes_ago)
    return Comment.objects.create(
        module=module, author=author, body=body, created_at=created_at, **fields
    )


def test_rows_are_own_comments_and_visible_replies_newest_first(
    plugin, resident, neighbour, comments_module
):
    mine = comment(comments_module, resident, "楼道灯坏了", 10)
    reply = comment(comments_module, neighbour, "我也看到", 5, parent=mine)
    comment(comments_module, neighbour, "被隐藏的回复", 4, parent=mine, state="hidden")
    comment(comments_module, neighbour, "别人的评论", 3)
    rows = plugin.my_participation(resident)
    assert [row.action for row in rows] == [
        f"{neighbour.public_name} 回复了您：我也看到",
        "评论：楼道灯坏了",
    ]
    assert rows[0].url == f"{comments_module.page.url}#comment-{reply.pk}"
    assert rows[1].title == comments_module.page.title
    assert rows[1].state == "已发布"


def test_the_export_holds_own_comments_and_filed_reports_only(
    plugin, resident, neighbour, comments_module
):
    comment(comments_module, resident, "我的意见", 2)
    theirs = comment(comments_module, neighbour, "邻居的意见", 1)
    CommentReport.objects.create(comment=theirs, reporter=resident, reason="广告")
    CommentReport.objects.create(comment=theirs, reporter=neighbour, reason="邻居的举报")
    records = plugin.personal_data(resident).records
    assert [(record["kind"], record.get("body") or record.get("reason")) for record in records] == [
        ("comment", "我的意见"),
        ("report", "广告"),
    ]


def test_erasure_unlinks_comments_and_deletes_filed_reports(
    plugin, resident, neighbour, comments_module
):
    kept = comment(comments_module, resident, "保留的意见", 2)
    theirs = comment(comments_module, neighbour, "邻居的意见", 1)
    CommentReport.objects.create(comment=theirs, reporter=resident)
    CommentReport.objects.create(comment=kept, reporter=neighbour)
    plugin.erase_personal_data(resident)
    kept.refresh_from_db()
    assert kept.author is None
    assert kept.body == "保留的意见"
    assert list(CommentReport.objects.values_list("reporter", flat=True)) == [neighbour.pk]
