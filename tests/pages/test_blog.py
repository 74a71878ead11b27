"""The blog column: order, open topics, pagination, filters, RSS and Atom feeds."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from pages import factories
from pages.models import BlogPage

pytestmark = pytest.mark.django_db


def _topic(index, days_ago=0, **fields):
    return factories.publish_child(
        index,
        factories.BlogPageFactory,
        published_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        **fields,
    )


def test_state_follows_from_the_deadline_and_outcome():
    now = timezone.now()
    topic = BlogPage(opinions_open_until=now + datetime.timedelta(days=1))
    assert topic.state(now) == BlogPage.State.OPEN
    assert topic.state(now + datetime.timedelta(days=2)) == BlogPage.State.CLOSED
    topic.outcome = "<p>将增设车位</p>"
    assert topic.state(now) == BlogPage.State.CONCLUDED
    assert BlogPage().state(now) == BlogPage.State.NO_OPINIONS


def test_index_lists_newest_first_and_marks_open_topics(client, blog_index):
    _topic(blog_index, 10, title="旧议题")
    _topic(
        blog_index,
        1,
        title="新议题",
        opinions_open_until=timezone.now() + datetime.timedelta(days=5),
    )
    text = client.get(blog_index.url).text
    assert text.index("新议题") < text.index("旧议题")
    assert "badge-open" in text
    assert "征求意见中" in text


def test_index_paginates_twenty_a_page(client, blog_index):
    for n in range(21):
        _topic(blog_index, n, title=f"议题第{n}号")
    first = client.get(blog_index.url).text
    assert "议题第19号" in first
    assert "议题第20号" not in first
    second = client.get(blog_index.url, {"page": 2}).text
    assert "议题第20号" in second


def test_index_filters_by_tag_and_year(client, blog_index):
    parking = _topic(blog_index, title="停车议题")
    parking.tags.add("停车")
    parking.save_revision().publish()
    _topic(blog_index, 400, title="去年的议题")
    text = client.get(blog_index.url, {"tag": "停车"}).text
    assert "停车议题" in text
    assert "去年的议题" not in text
    last_year = (timezone.localdate() - datetime.timedelta(days=400)).year
    text = client.get(blog_index.url, {"year": last_year}).text
    assert "去年的议题" in text
    assert "停车议题" not in text


@pytest.mark.parametrize("params", [{"year": "abc"}, {"tag": "无此标签"}, {"page": "9999"}])
def test_unknown_filter_values_never_fail(client, blog_index, params):
    _topic(blog_index, title="停车议题")
    assert client.get(blog_index.url, params).status_code == 200


def test_index_announces_rss_and_atom_feeds(client, blog_index):
    text = client.get(blog_index.url).text
    assert f'type="application/rss+xml" title="{blog_index.title} (RSS)" href="/blog/rss/"' in text
    assert 'type="application/atom+xml"' in text
    assert 'href="/blog/atom/"' in text


def test_rss_and_atom_feeds_list_the_topics(client, blog_index):
    _topic(blog_index, title="停车议题", summary="停车管理方案")
    rss = ET.fromstring(client.get("/blog/rss/").content)  # noqa: S314 -- our own feed, not untrusted input
    assert [item.findtext("title") for item in rss.iter("item")] == ["停车议题"]
    atom = client.get("/blog/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "停车管理方案" in atom.text
