"""Bad dates are refused in the admin with a clear message in the editor's language."""

import datetime

import pytest
from django.utils import timezone, translation

from pages import factories
from pages.models import BlogPage
from tests.pages.conftest import post_edit

pytestmark = pytest.mark.django_db


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def notice(hearing_index):
    return factories.publish_child(hearing_index, factories.HearingNoticePageFactory)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_hearing_that_ends_before_it_starts_is_refused(admin_client, notice):
    response = post_edit(
        admin_client, notice, ends_at=_local(notice.starts_at - datetime.timedelta(hours=1))
    )
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间。" in response.text
    notice.refresh_from_db()
    assert notice.ends_at > notice.starts_at


def test_registration_deadline_after_the_meeting_is_refused(admin_client, notice):
    late = notice.starts_at + datetime.timedelta(days=1)
    response = post_edit(admin_client, notice, registration_deadline=_local(late))
    assert "报名截止时间不能晚于会议开始时间。" in response.text
    notice.refresh_from_db()
    assert notice.registration_deadline is None


def test_opinion_deadline_before_publication_is_refused(admin_client, notice):
    early = notice.first_published_at - datetime.timedelta(days=2)
    response = post_edit(admin_client, notice, opinion_deadline=_local(early))
    assert "书面意见截止时间不能早于通知发布时间。" in response.text


def test_topic_opinion_deadline_before_publication_date_is_refused(admin_client, blog_index):
    topic = factories.publish_child(blog_index, factories.BlogPageFactory)
    early = timezone.now() - datetime.timedelta(days=3)
    response = post_edit(admin_client, topic, opinions_open_until=_local(early))
    assert "征求意见截止时间不能早于发布日期。" in response.text


def test_disclosure_validity_ending_before_it_starts_is_refused(
    admin_client, disclosure_index, category
):
    item = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, category=category
    )
    response = post_edit(
        admin_client,
        item,
        valid_until=(item.valid_from - datetime.timedelta(days=1)).isoformat(),
    )
    assert "有效期的结束日期不能早于开始日期。" in response.text
    item.refresh_from_db()
    assert item.valid_until is None


def test_messages_are_in_english_for_an_english_editor(admin_client, notice):
    with translation.override("en"):
        from django.core.exceptions import ValidationError

        notice.ends_at = notice.starts_at
        with pytest.raises(ValidationError) as error:
            notice.full_clean()
        assert "The end must be later than the start." in str(error.value)


def test_a_valid_edit_is_saved(admin_client, notice):
    response = post_edit(admin_client, notice, venue="社区活动中心")
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.get_latest_revision_as_object().venue == "社区活动中心"


def test_outcome_and_minutes_wait_for_the_meeting_and_the_deadline(admin_client, notice):
    from wagtail.test.utils.form_data import rich_text

    response = post_edit(admin_client, notice, minutes=rich_text("<p>纪要</p>"))
    assert "会议召开以后才能填写会议纪要。" in response.text
    topic = BlogPage(
        title="议题",
        summary="摘要",
        published_on=timezone.localdate(),
        opinions_open_until=timezone.now() + datetime.timedelta(days=3),
        outcome="<p>结果</p>",
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        topic.clean()
    assert "征求意见结束以后才能填写处理结果。" in str(error.value)


def test_pages_render_in_english_under_en(client, hearing_index, notice):
    text = client.get("/en" + hearing_index.url).text
    assert "Upcoming" in text
    assert "Past meetings" in text
    assert "Subscribe to the meeting calendar (iCalendar)" in text
    assert "Search" in client.get("/en/search/", {"q": "听证"}).text
