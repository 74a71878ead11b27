"""Feeds, calendars, the sitemap and the home page never list a private page or a draft."""

import datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages import factories
from participation.core.links import absolute_url

pytestmark = pytest.mark.django_db


def _private(page):
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    return page


def _draft(parent, page_factory, **fields):
    page = page_factory.build(live=False, **fields)
    parent.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def topics(blog_index):
    soon = timezone.now() + datetime.timedelta(days=3)
    factories.publish_child(
        blog_index, factories.BlogPageFactory, title="公开议题", opinions_open_until=soon
    )
    _private(
        factories.publish_child(
            blog_index, factories.BlogPageFactory, title="内部议题", opinions_open_until=soon
        )
    )
    _draft(blog_index, factories.BlogPageFactory, title="草稿议题", opinions_open_until=soon)


@pytest.fixture
def notices(hearing_index):
    factories.publish_child(hearing_index, factories.HearingNoticePageFactory, title="公开会议")
    _private(
        factories.publish_child(hearing_index, factories.HearingNoticePageFactory, title="内部会议")
    )
    _draft(hearing_index, factories.HearingNoticePageFactory, title="草稿会议")


def _only_public(text, public, hidden):
    assert public in text
    for title in hidden:
        assert title not in text


@pytest.mark.parametrize("url", ["/blog/rss/", "/blog/atom/", "/blog/"])
def test_blog_feeds_and_index(client, topics, url):
    _only_public(client.get(url).content.decode(), "公开议题", ["内部议题", "草稿议题"])


def test_hearing_calendar(client, notices):
    _only_public(
        client.get("/hearings/ics/").content.decode(), "公开会议", ["内部会议", "草稿会议"]
    )


def test_home_page(client, topics, notices):
    text = client.get("/").text
    _only_public(text, "公开议题", ["内部议题", "草稿议题"])
    _only_public(text, "公开会议", ["内部会议", "草稿会议"])


def test_sitemap(client, blog_index, topics):
    text = client.get("/sitemap.xml").content.decode()
    public = blog_index.get_children().get(title="公开议题")
    assert absolute_url(public) in text  # under the configured root (participation.core.links)
    for title in ("内部议题", "草稿议题"):
        page = blog_index.get_children().get(title=title)
        assert f"/blog/{page.slug}/" not in text


def test_private_section_hides_its_children(client, blog_index, topics):
    _private(blog_index)
    assert "公开议题" not in client.get("/").text
    assert "公开议题" not in client.get("/search/", {"q": "公开"}).text


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_private_page_sends_visitors_to_the_site_sign_in(client, topics, blog_index, prefix):
    """Wagtail's own /_util/login/ has no phone sign-in and none of allauth's limits."""
    page = blog_index.get_children().get(title="内部议题")
    url = f"{prefix}{page.url}"
    response = client.get(url)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == f"{prefix}/accounts/login/"
    assert unquote(parse_qs(target.query)["next"][0]) == url
