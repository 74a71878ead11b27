"""The moderation queue in the Wagtail admin, its actions and log, and the exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from participation.comments.models import Comment, ModerationLog
from participation.residents.factories import UserFactory

INDEX = "participation_comments_comment_modeladmin_index"


@pytest.fixture
def queue(comments_module, resident):
    return {
        "pending": Comment.objects.create(
            module=comments_module, author=resident, body="待审<b>意见</b>", state="pending"
        ),
        "reported": Comment.objects.create(
            module=comments_module, body="涉嫌广告", state="reported"
        ),
        "published": Comment.objects.create(module=comments_module, body='=HYPERLINK("x")'),
    }


def test_queue_lists_filters_and_escapes(client, moderator, queue):
    client.force_login(moderator)
    html = client.get(reverse(INDEX)).content.decode()
    assert "待审&lt;b&gt;意见&lt;/b&gt;" in html
    assert "<b>意见</b>" not in html
    assert 'id="bulk-moderation"' in html
    assert f'name="comment" value="{queue["pending"].pk}" form="bulk-moderation"' in html
    pending_only = client.get(reverse(INDEX) + "?state__exact=pending").content.decode()
    assert "涉嫌广告" not in pending_only
    assert "待审&lt;b&gt;" in pending_only
    page_filter = client.get(reverse(INDEX) + f"?page={queue['pending'].module.page_id}")
    assert page_filter.status_code == 200
    assert client.get(reverse(INDEX) + "?reports=open").status_code == 200


def test_the_queue_needs_the_moderation_permission(client, queue):
    client.force_login(UserFactory(username="plain", is_staff=True))
    assert client.get(reverse(INDEX)).status_code in (302, 403)
    response = client.post(
        reverse("participation_comments_admin:moderate", args=[queue["pending"].pk, "approve"])
    )
    assert response.status_code in (302, 403)
    queue["pending"].refresh_from_db()
    assert queue["pending"].state == "pending"


def test_single_and_bulk_actions_are_logged(client, moderator, queue):
    client.force_login(moderator)
    client.post(
        reverse("participation_comments_admin:moderate", args=[queue["pending"].pk, "approve"])
    )
    client.post(
        reverse("participation_comments_admin:bulk"),
        {"action": "hide", "comment": [queue["reported"].pk, queue["published"].pk]},
    )
    states = {key: Comment.objects.get(pk=c.pk).state for key, c in queue.items()}
    assert states == {"pending": "published", "reported": "hidden", "published": "hidden"}
    client.post(
        reverse("participation_comments_admin:moderate", args=[queue["reported"].pk, "restore"])
    )
    log = ModerationLog.objects.order_by("created_at", "pk").values_list("action", "actor")
    assert list(log) == [
        ("approve", moderator.pk),
        ("hide", moderator.pk),
        ("hide", moderator.pk),
        ("restore", moderator.pk),
    ]


def test_official_reply_from_the_queue(client, moderator, queue):
    client.force_login(moderator)
    url = reverse("participation_comments_admin:reply", args=[queue["published"].pk])
    assert "请填写评论内容" in client.post(url, {"body": ""}).content.decode()
    client.post(url, {"body": "感谢意见，已转交物业。"})
    reply = Comment.objects.get(parent=queue["published"])
    assert reply.is_official
    assert reply.author == moderator
    assert reply.state == "published"
    assert ModerationLog.objects.filter(action="official_reply", actor=moderator).exists()


def test_export_csv_and_excel(client, moderator, queue, comments_module):
    client.force_login(moderator)
    response = client.get(
        reverse("participation_comments_admin:export_csv", args=[comments_module.pk])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "编号"
    assert len(rows) == 4
    bodies = [row[-1] for row in rows[1:]]
    assert "待审<b>意见</b>" in bodies
    assert '\'=HYPERLINK("x")' in bodies
    assert rows[1][3] == "3栋 王**"
    xlsx = client.get(
        reverse("participation_comments_admin:export_xlsx", args=[comments_module.pk])
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 4
    assert sheet["G2"].value == "待审<b>意见</b>"


def test_exports_need_the_permission(client, comments_module):
    client.force_login(UserFactory(username="plain", is_staff=True, is_superuser=False))
    response = client.get(
        reverse("participation_comments_admin:export_csv", args=[comments_module.pk])
    )
    assert response.status_code in (302, 403)
    assert "text/csv" not in response.get("Content-Type", "")


def test_editors_create_a_comments_block_in_the_admin(client, home_page):
    from participation.comments.models import CommentsModule

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("wagtailsnippets_participation_comments_commentsmodule:add"),
        {
            "page": home_page.pk,
            "title": "对绿地改造的意见",
            "audience": "signed_in",
            "moderation": "pre",
            "opens_at": "",
            "closes_at": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    module = CommentsModule.objects.get()
    assert (module.kind, module.audience, module.moderation) == ("comments", "signed_in", "pre")


@pytest.mark.parametrize("body", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_exports_neutralise_formulas(client, moderator, comments_module, body):
    Comment.objects.create(module=comments_module, body=body)
    client.force_login(moderator)
    url = reverse("participation_comments_admin:export_csv", args=[comments_module.pk])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[1][-1] == "'" + body
    url = reverse("participation_comments_admin:export_xlsx", args=[comments_module.pk])
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    assert sheet["G2"].value == "'" + body
