"""Notice-board posters: an A4 page per public disclosure, topic or hearing, with a QR code."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages import factories
from participation.comments.models import CommentsModule
from participation.core.links import absolute_url

pytestmark = pytest.mark.django_db


def test_a_disclosure_poster_states_number_category_validity_and_its_lasting_link(
    client, disclosure_index, category
):
    page = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="公益金使用", category=category
    )
    page.refresh_from_db()
    response = client.get(f"/p/{page.pk}/poster/")
    text = response.text
    assert response.status_code == 200
    assert "<h1>公益金使用</h1>" in text
    assert f"<dd>{page.number}</dd>" in text
    assert f"<dd>{category.name}</dd>" in text
    assert f'<p class="poster-link">{absolute_url(page.short_path())}</p>' in text
    assert 'src="data:image/svg+xml' in text
    assert f'href="/p/{page.pk}/poster/"' in client.get(page.url).text


def test_a_topic_poster_names_what_a_reader_can_do_until_when(client, blog_index):
    until = timezone.now() + datetime.timedelta(days=5)
    topic = factories.publish_child(
        blog_index, factories.BlogPageFactory, title="加装电梯", opinions_open_until=until
    )
    CommentsModule.objects.create(page=topic, title="居民意见", closes_at=until)
    text = client.get(f"/p/{topic.pk}/poster/").text
    assert "征求意见截止" in text
    assert f"截止 {timezone.localtime(until):%Y-%m-%d %H:%M}" in text
    assert "在网上参与" in text


def test_a_hearing_poster_says_when_and_where(client, hearing_index):
    notice = factories.publish_child(hearing_index, factories.HearingNoticePageFactory)
    text = client.get(f"/p/{notice.pk}/poster/").text
    assert f"<dd>{notice.venue}</dd>" in text
    assert f"{timezone.localtime(notice.starts_at):%Y-%m-%d %H:%M}" in text


@pytest.mark.parametrize("state", ["draft", "private"])
def test_no_poster_of_a_draft_or_a_private_page(client, blog_index, state):
    topic = factories.publish_child(blog_index, factories.BlogPageFactory)
    if state == "draft":
        topic.unpublish()
    elif state == "private":
        PageViewRestriction.objects.create(page=topic, restriction_type="login")
    assert client.get(f"/p/{topic.pk}/poster/").status_code == 404
