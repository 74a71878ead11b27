"""The reduced cost of the layout and the content pages (issue 12): query counts that hold
whatever the number of items, and the shared caches that must never show stale content."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import CommunityInfo
from pages import factories
from pages.site_data import VERSION_KEY
from participation.residents.factories import VerifiedResidentFactory
from tests.pages.test_query_counts import (
    _add_disclosures,
    _add_notices,
    _add_showcases,
    _add_topics,
)

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # warms the site data, the fragments and the image renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def _count_holds(client, url, add, most):
    """At most ``most`` queries with a few items and with many (before issue 12: more)."""
    add(7)
    few = _queries(client, url)
    add(20)
    many = _queries(client, url)
    assert len(few) == len(many) <= most, "\n".join(many)


def test_home_page_queries(
    client, home_page, blog_index, disclosure_index, hearing_index, showcase_index, category
):
    def add(count):
        _add_topics(blog_index, count)
        _add_disclosures(disclosure_index, count, category)
        _add_notices(hearing_index, count)
        _add_showcases(showcase_index, count)

    _count_holds(client, "/", add, most=1)  # was 20


def test_blog_index_queries(client, blog_index):
    _count_holds(client, blog_index.url, lambda n: _add_topics(blog_index, n), most=10)


def test_disclosure_index_queries(client, disclosure_index, category):
    add = lambda n: _add_disclosures(disclosure_index, n, category)  # noqa: E731 -- one line
    _count_holds(client, disclosure_index.url, add, most=7)


def test_hearing_index_queries(client, hearing_index):
    _count_holds(client, hearing_index.url, lambda n: _add_notices(hearing_index, n), most=8)


def test_showcase_index_queries(client, showcase_index):
    # The listing is a shared fragment: the count of showcases for the pagination, no card.
    _count_holds(client, showcase_index.url, lambda n: _add_showcases(showcase_index, n), most=4)


def test_disclosure_page_queries(client, disclosure_index, category):
    page = factories.DisclosurePageFactory(parent=disclosure_index, category=category)
    assert len(_queries(client, page.url)) <= 8


def test_search_queries(client, disclosure_index, category):
    _add_disclosures(disclosure_index, 3, category)
    assert len(_queries(client, "/search/?q=公开")) <= 9


def test_signed_in_layout_asks_nothing_about_the_resident_but_who_they_are(
    client, disclosure_index, category
):
    """The header's name takes one query (unit and building together) and a resident's admin
    access none: the session, the user, the name, then the page's own queries."""
    page = factories.DisclosurePageFactory(parent=disclosure_index, category=category)
    anonymous = len(_queries(client, page.url))
    resident = VerifiedResidentFactory(display_name="王芳")
    client.force_login(resident)
    signed_in = _queries(client, page.url)
    assert not [sql for sql in signed_in if "auth_permission" in sql]
    assert len(signed_in) <= anonymous + 3
    assert "王**" in client.get(page.url).text


def _with_items(index, add, count):
    add(count)
    return index.url


@pytest.mark.parametrize("param", ["upcoming", "page"])
def test_hearing_index_paginates_upcoming_and_past_meetings(client, hearing_index, param):
    start = timezone.now() + datetime.timedelta(days=2 if param == "upcoming" else -30)
    for n in range(21):
        factories.HearingNoticePageFactory(
            parent=hearing_index,
            title=f"会议{n:02d}",
            starts_at=start + datetime.timedelta(hours=n),
            ends_at=start + datetime.timedelta(hours=n, minutes=30),
        )
    first = client.get(hearing_index.url).text
    assert f"?{param}=2" in first
    second = client.get(f"{hearing_index.url}?{param}=2").text
    shown = [f"会议{n:02d}" for n in range(21) if f"会议{n:02d}" in second]
    assert len(shown) == 1


@pytest.mark.parametrize(
    ("fixture", "add"),
    [
        ("blog_index", lambda index, n: _add_topics(index, n)),
        ("disclosure_index", None),
        ("showcase_index", lambda index, n: _add_showcases(index, n)),
    ],
)
def test_every_index_paginates(client, request, fixture, add, category):
    index = request.getfixturevalue(fixture)
    if add is None:
        _add_disclosures(index, 21, category)
    else:
        add(index, 21)
    assert 'rel="next"' in client.get(index.url).text
    assert 'rel="prev"' in client.get(f"{index.url}?page=2").text


def test_changed_setting_shows_at_once(client, site, blog_index):
    client.get("/")
    client.get(blog_index.url)
    info = CommunityInfo.for_site(site)
    info.name, info.phone = "新名字社区", "0731-1234 5678"
    info.save()
    for url in ("/", blog_index.url):
        text = client.get(url).text
        assert "新名字社区" in text  # header, title and the cached footer
        assert "tel:+86-731-1234-5678" in text


def test_renamed_or_hidden_section_shows_at_once(client, blog_index):
    client.get("/")
    blog_index.title, blog_index.show_in_menus = "居民议事", True
    blog_index.save_revision().publish()
    assert "居民议事" in client.get("/").text
    blog_index.show_in_menus = False
    blog_index.save_revision().publish()
    nav = client.get("/").text.split('class="site-nav"')[1].split("</nav>")[0]
    assert "居民议事" not in nav


def test_published_and_unpublished_pages_show_at_once_on_the_home_page(
    client, disclosure_index, category
):
    client.get("/")
    page = factories.DisclosurePageFactory(
        parent=disclosure_index, category=category, title="新公开事项"
    )
    assert "新公开事项" in client.get("/").text
    page.unpublish()
    assert "新公开事项" not in client.get("/").text


def test_a_new_restriction_hides_the_section_at_once(client, blog_index):
    _add_topics(blog_index, 1)
    topic = blog_index.get_children().first()
    assert topic.title in client.get("/").text
    PageViewRestriction.objects.create(page=blog_index, restriction_type="login")
    text = client.get("/").text
    assert topic.title not in text
    assert client.get(topic.url).status_code == 302  # to the sign-in page


def test_a_topic_leaves_the_home_page_when_its_opinions_close(client, blog_index):
    """The cached home listings end when time alone changes them."""
    _add_topics(blog_index, 1)
    topic = blog_index.get_children().first().specific
    assert topic.title in client.get("/").text
    later = topic.opinions_open_until + datetime.timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        assert topic.title not in client.get("/").text


def test_pages_render_with_the_cache_away(client, monkeypatch, blog_index, disclosure_index):
    """Redis away reads as misses and ignored writes (config.cache): every page still renders,
    from the database, and shows what it holds."""
    cache = caches["default"]
    monkeypatch.setattr(cache, "get", lambda key, default=None, version=None: default)
    monkeypatch.setattr(cache, "get_many", lambda keys, version=None: {})
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: None)
    for url in ("/", blog_index.url, disclosure_index.url, "/search/?q=公开"):
        response = client.get(url)
        assert response.status_code == 200
        assert "柳背桥社区" in response.text


def test_a_changed_slug_routes_at_once(client, disclosure_index, category):
    """Routes are remembered under the site content version: the old address stops at once."""
    page = factories.DisclosurePageFactory(parent=disclosure_index, category=category)
    old_url = page.url
    assert client.get(old_url).status_code == 200
    page.slug = "renamed-item"
    page.save_revision().publish()
    assert client.get(old_url).status_code == 404
    assert client.get(f"{disclosure_index.url}renamed-item/").status_code == 200
    page.unpublish()
    assert client.get(f"{disclosure_index.url}renamed-item/").status_code == 404


def test_a_routable_index_keeps_its_own_views(client, blog_index):
    assert client.get(blog_index.url).status_code == 200
    assert client.get(f"{blog_index.url}rss/").status_code == 200
    assert client.get(f"{blog_index.url}rss/")["Content-Type"].startswith("application/rss+xml")


def test_the_showcase_listing_is_shared_and_shows_a_new_showcase_at_once(client, showcase_index):
    _add_showcases(showcase_index, 2)
    client.get(showcase_index.url)  # the listing is now a shared fragment
    new = factories.ShowcasePageFactory(parent=showcase_index, title="新的特色项目")
    assert "新的特色项目" in client.get(showcase_index.url).text
    new.title = "改过名的特色项目"
    new.save_revision().publish()
    text = client.get(showcase_index.url).text
    assert "改过名的特色项目" in text
    assert "新的特色项目" not in text
    new.unpublish()
    assert "改过名的特色项目" not in client.get(showcase_index.url).text


def test_a_shared_listing_carries_nothing_a_visitor_typed(client, showcase_index):
    """Its pagination links keep the query string; only a query of the filters the view
    understood, as it understood them, names a shared fragment."""
    _add_showcases(showcase_index, 21)
    typed = client.get(f"{showcase_index.url}?ref=typed-by-a-visitor&kind=").text
    assert "typed-by-a-visitor" in typed  # its own links keep it
    for url in (showcase_index.url, f"{showcase_index.url}?page=1"):
        assert "typed-by-a-visitor" not in client.get(url).text
    second = client.get(f"{showcase_index.url}?page=2").text
    assert 'rel="prev"' in second
    assert "typed-by-a-visitor" not in second


def test_the_site_content_version_is_replaced_again_when_a_change_commits(
    site, django_capture_on_commit_callbacks
):
    """A process that rebuilt the shared data between the save and the commit read the
    database without the change: the version it stored its copy under must not stay current."""
    with django_capture_on_commit_callbacks(execute=True):
        info = CommunityInfo.for_site(site)
        info.name = "新名字社区"
        info.save()
        during = caches["default"].get(VERSION_KEY)
        assert during is not None
    assert caches["default"].get(VERSION_KEY) not in (None, during)
