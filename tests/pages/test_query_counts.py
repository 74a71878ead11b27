"""The home page and every index page use the same number of queries for 5 and for 50 children."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pages import factories
from participation.core.models import Module

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # first render makes image renditions and warms the site cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _soon(days=3):
    return timezone.now() + datetime.timedelta(days=days)


def _add_topics(index, count):
    for _ in range(count):
        page = factories.BlogPageFactory(parent=index, opinions_open_until=_soon())
        page.tags.add("停车", "绿化")
        page.save()


def _add_disclosures(index, count, category):
    for _ in range(count):
        factories.DisclosurePageFactory(parent=index, category=category)


def _add_notices(index, count):
    for n in range(count):
        days = n % 7 - 3  # upcoming and past ones
        factories.HearingNoticePageFactory(
            parent=index,
            starts_at=_soon(days),
            ends_at=_soon(days) + datetime.timedelta(hours=2),
            registration_deadline=_soon(days - 1),
        )


def _add_showcases(index, count):
    for _ in range(count):
        image = factories.ImageFactory(file__width=40, file__height=30)
        factories.ShowcasePageFactory(parent=index, cover_image=image, featured=True)


def _assert_constant(client, url, add):
    add(5)
    few = _queries(client, url)
    add(45)
    assert _queries(client, url) == few


def test_blog_index(client, blog_index):
    _assert_constant(client, blog_index.url, lambda n: _add_topics(blog_index, n))


def test_disclosure_board(client, disclosure_index, category):
    _assert_constant(
        client, disclosure_index.url, lambda n: _add_disclosures(disclosure_index, n, category)
    )


def test_hearing_index(client, hearing_index):
    _assert_constant(client, hearing_index.url, lambda n: _add_notices(hearing_index, n))


def test_showcase_index(client, showcase_index):
    _assert_constant(client, showcase_index.url, lambda n: _add_showcases(showcase_index, n))


def test_home_page(
    client, home_page, blog_index, disclosure_index, hearing_index, showcase_index, category
):
    def add(count):
        _add_topics(blog_index, count)
        _add_disclosures(disclosure_index, count, category)
        _add_notices(hearing_index, count)
        _add_showcases(showcase_index, count)
        for page in blog_index.get_children()[:count]:
            Module.objects.create(page=page, kind="raise_hand", title=f"举手{page.pk}")

    _assert_constant(client, "/", add)
    text = client.get("/").text
    assert "Raise your hand" in text  # the open participation block lists the modules by kind
