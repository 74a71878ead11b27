"""What a moderator sees in the queue and on one comment: why it was reported, 是/否 for yes and
no, hide and dismiss on the comment's own page, and that hiding takes its replies along."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse

from participation.comments.models import Comment, CommentReport, ModerationLog
from participation.residents.factories import UserFactory, VerifiedResidentFactory

pytestmark = pytest.mark.django_db

INDEX = "participation_comments_comment_modeladmin_index"
INSPECT = "participation_comments_comment_modeladmin_inspect"


def moderate_url(comment, action):
    return reverse("participation_comments_admin:moderate", args=[comment.pk, action])


@pytest.fixture
def reported(comments_module, resident):
    comment = Comment.objects.create(module=comments_module, author=resident, body="周末卖二手车")
    CommentReport.objects.create(
        comment=comment, reporter=VerifiedResidentFactory(), reason="发广告，与话题无关"
    )
    return comment


@pytest.fixture
def quiet(comments_module, resident):
    return Comment.objects.create(module=comments_module, author=resident, body="支持加装电梯")


def test_the_queue_shows_why_and_marks_reported_rows(client, moderator, reported, quiet):
    client.force_login(moderator)
    soup = BeautifulSoup(client.get(reverse(INDEX)).text, "html.parser")
    row = soup.find("tr", attrs={"data-object-pk": str(reported.pk)})
    assert "comment-reported" in row["class"]
    assert "发广告，与话题无关" in row.find("td", class_="field-report_reasons").get_text()
    other = soup.find("tr", attrs={"data-object-pk": str(quiet.pk)})
    assert "comment-reported" not in other["class"]
    assert soup.find("link", href=lambda href: href and "participation_comments/admin.css" in href)


def test_row_buttons_sit_under_the_text_not_in_the_checkbox_cell(client, moderator, reported):
    client.force_login(moderator)
    soup = BeautifulSoup(client.get(reverse(INDEX)).text, "html.parser")
    row = soup.find("tr", attrs={"data-object-pk": str(reported.pk)})
    inspect = reverse(INSPECT, args=[reported.pk])
    assert not row.find("td", class_="field-select_box").find("a")
    assert row.find("td", class_="field-short_body").find("a", href=inspect)


def test_filters_are_titled_in_chinese(client, moderator, reported):
    client.force_login(moderator)
    html = client.get(reverse(INDEX)).text
    assert "按状态" in html
    assert "By 状态" not in " ".join(html.split())


def test_the_comment_page_shows_reasons_yes_no_and_the_actions(client, moderator, reported):
    client.force_login(moderator)
    soup = BeautifulSoup(client.get(reverse(INSPECT, args=[reported.pk])).text, "html.parser")
    fields = {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in soup("dt")}
    assert fields["官方回复"] == "否"
    assert "False" not in soup.get_text()
    assert "True" not in soup.get_text()
    assert "发广告，与话题无关" in soup.get_text()
    form = soup.find("form", class_="comment-moderation-actions")
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    actions = {button["formaction"]: button.get_text() for button in form("button")}
    assert actions == {
        moderate_url(reported, "dismiss"): "驳回举报",
        moderate_url(reported, "hide"): "隐藏",
    }


def test_dismissing_resolves_the_reports_and_keeps_the_comment(client, moderator, reported):
    client.force_login(moderator)
    inspect = reverse(INSPECT, args=[reported.pk])
    response = client.post(moderate_url(reported, "dismiss"), {"next": inspect})
    assert response.url == inspect
    reported.refresh_from_db()
    assert reported.state == Comment.State.PUBLISHED
    assert not reported.reports.filter(resolved=False).exists()
    assert reported.moderation_log.get().action == ModerationLog.Action.DISMISS


def test_dismissing_reports_that_hid_a_comment_shows_it_again(client, moderator, reported):
    Comment.objects.filter(pk=reported.pk).update(state=Comment.State.REPORTED)
    client.force_login(moderator)
    client.post(moderate_url(reported, "dismiss"))
    reported.refresh_from_db()
    assert reported.state == Comment.State.PUBLISHED


def test_only_moderators_dismiss(client, reported):
    client.force_login(UserFactory(username="plain", is_staff=True))
    response = client.post(moderate_url(reported, "dismiss"))
    assert response.status_code in (302, 403)
    assert reported.reports.filter(resolved=False).exists()


def test_hiding_says_that_the_replies_go_too(client, moderator, reported, resident):
    for body in ("我也看到了", "确实是广告"):
        Comment.objects.create(module=reported.module, author=resident, parent=reported, body=body)
    client.force_login(moderator)
    inspect = reverse(INSPECT, args=[reported.pk])
    assert "它下面的 2 条回复也会一并不再公开" in client.get(inspect).text

    response = client.post(moderate_url(reported, "hide"), {"next": inspect})
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == ["已处理 1 条评论。 其下 2 条回复也随之不再公开；恢复评论后会重新显示。"]
    assert "它下面的 2 条回复因此也不公开" in client.get(inspect).text
