"""Whole pages are shared only between visitors without cookies, served before any other
middleware with one cache read, and purged page by page: a change makes stale what shows it."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from config import page_cache
from config.middleware import SiteCSPMiddleware
from config.page_cache import MAX_VARIANTS, StoredPage, entry_key, purge_paths, store
from home.models import DistrictHomePage
from pages.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    DisclosureCategoryFactory,
    DisclosureIndexPageFactory,
    DisclosurePageFactory,
    HearingIndexPageFactory,
    publish_child,
)
from participation.ballots.factories import BallotFactory
from participation.ballots.models import BoxEntry, RollEntry
from participation.comments.models import CommentsModule
from participation.core.embedding import embed_module
from participation.residents.factories import VerifiedResidentFactory

# Purges run when the transaction commits: these tests commit as the site does.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.MIDDLEWARE = ["config.page_cache.PageCacheMiddleware", *settings.MIDDLEWARE]
    settings.WAGTAILFRONTENDCACHE = {"pages": {"BACKEND": "config.page_cache.PageCacheBackend"}}


def cached(path: str, query: bool = False) -> dict | None:
    return page_cache.page_cache().get(entry_key(path, query))


def test_a_cookie_less_visit_is_served_from_the_cache(django_assert_num_queries):
    first = Client().get("/")
    assert first.status_code == 200
    assert "max-age=60" in first["Cache-Control"]
    with django_assert_num_queries(0):
        again = Client().get("/")
    assert again.content == first.content


def test_publishing_shows_at_once(home_page):
    assert "柳背桥社区" in Client().get("/").text
    home_page.title = "柳背桥社区新首页"
    home_page.save_revision().publish()
    assert "柳背桥社区新首页" in Client().get("/").text


def test_signed_in_pages_are_neither_served_from_nor_stored_in_the_cache(home_page):
    anonymous = Client().get("/").text
    resident = Client()
    resident.force_login(VerifiedResidentFactory(display_name="缓存测试居民"))
    mine = resident.get("/")
    assert "Cache-Control" not in mine or "max-age=60" not in mine["Cache-Control"]
    assert mine.text != anonymous  # their own header, not the shared copy
    assert "退出登录" in mine.text
    assert "退出登录" not in Client().get("/").text


def test_account_pages_are_always_rendered_afresh(db):
    first = Client().get("/accounts/login/")
    second = Client().get("/accounts/login/")
    # Rendered again, never replayed with someone's CSRF cookie. (Counting its queries no
    # longer tells: the layout's site data comes from the cache, so it may ask none.)
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


# A hit: before every other middleware, one cache read, no query ----------------------------


def refuse(*args, **kwargs):
    raise AssertionError("a cache hit ran a middleware after the page cache")


def test_a_hit_runs_no_other_middleware(monkeypatch, django_assert_num_queries):
    first = Client().get("/")
    monkeypatch.setattr(SiteCSPMiddleware, "process_request", refuse)
    monkeypatch.setattr(SiteCSPMiddleware, "process_response", refuse)
    monkeypatch.setattr("django.contrib.sessions.middleware.SessionMiddleware.__call__", refuse)
    with django_assert_num_queries(0):
        hit = Client().get("/")
    assert hit.content == first.content
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]  # kept, not redone
    assert Client().head("/").status_code == 200


class CountingCache:
    """The page cache's cache object with every call counted."""

    def __init__(self, cache):
        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_a_hit_costs_one_cache_read(monkeypatch):
    Client().get("/")
    counting = CountingCache(page_cache.page_cache())
    monkeypatch.setattr(page_cache, "page_cache", lambda: counting)
    assert Client().get("/").status_code == 200
    assert counting.calls == ["get"]


# What is never shared --------------------------------------------------------------------


def test_a_request_with_any_cookie_is_neither_served_nor_stored():
    Client().get("/")
    with_cookie = Client()
    with_cookie.cookies["anything"] = "1"
    assert "max-age=60" not in with_cookie.get("/").get("Cache-Control", "")
    assert cached("/blog/") is None
    with_cookie.get("/blog/")
    assert cached("/blog/") is None


def test_a_response_that_sets_a_cookie_or_is_private_is_not_stored(rf):
    def view(request):
        from django.http import HttpResponse

        response = HttpResponse("<p>x</p>")
        response.set_cookie("chosen", "1")
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    middleware(rf.get("/sets-a-cookie/"))
    assert cached("/sets-a-cookie/") is None

    def private(request):
        from django.http import HttpResponse

        response = HttpResponse("<p>x</p>")
        response["Cache-Control"] = "private"
        return response

    page_cache.PageCacheMiddleware(private)(rf.get("/private/"))
    assert cached("/private/") is None


# Purges per page --------------------------------------------------------------------------


@pytest.fixture
def blog(home_page):
    index = publish_child(home_page, BlogIndexPageFactory)
    topic_a = publish_child(index, BlogPageFactory, title="加装电梯", slug="lift")
    topic_b = publish_child(index, BlogPageFactory, title="楼道照明", slug="lights")
    hearings = publish_child(home_page, HearingIndexPageFactory)
    module = CommentsModule.objects.create(page=topic_a, title="居民意见")
    embed_module(module)
    return SimpleNamespace(index=index, a=topic_a, b=topic_b, hearings=hearings, module=module)


PAGES = {
    "home": "/",
    "index": "/blog/",
    "a": "/blog/lift/",
    "b": "/blog/lights/",
    "hearings": "/hearings/",
    "search": "/search/",
    "outcomes": "/outcomes/rss/",
    "blog feed": "/blog/rss/",
}


def visit_everything() -> None:
    for path in PAGES.values():
        for prefix in ("", "/en"):
            assert Client().get(prefix + path).status_code == 200, prefix + path
    assert Client().get("/search/?q=电梯").status_code == 200
    for path in PAGES.values():
        assert cached(path) is not None, path
        assert cached("/en" + path) is not None, "/en" + path


def still_cached() -> set[str]:
    return {name for name, path in PAGES.items() if cached(path) and cached("/en" + path)}


def test_a_comment_makes_stale_only_its_page_its_index_and_home(blog):
    visit_everything()
    resident = Client()
    resident.force_login(VerifiedResidentFactory(display_name="评论居民"))
    posted = resident.post(
        reverse("participation_comments:post", args=[blog.module.pk]), {"body": "电梯装在北侧。"}
    )
    assert posted.status_code == 302
    assert still_cached() == {"b", "hearings", "search", "outcomes", "blog feed"}
    for path in ("/", "/blog/", "/blog/lift/", "/en/blog/lift/"):
        assert cached(path) is None, path
    assert "电梯装在北侧。" in Client().get("/blog/lift/").text
    assert "电梯装在北侧。" in Client().get("/en/blog/lift/").text


def test_a_publish_shows_at_once_on_the_page_its_index_and_home_in_both_languages(blog):
    visit_everything()
    blog.a.title = "加装电梯（第二稿）"
    blog.a.save_revision().publish()
    assert still_cached() == {"b", "hearings"}
    assert cached("/search/", query=True) is None  # every search purged with its path
    for prefix in ("", "/en"):
        for path in ("/blog/lift/", "/blog/", "/"):
            assert "加装电梯（第二稿）" in Client().get(prefix + path).text, prefix + path


def test_unpublishing_purges_the_page_and_its_listings(blog):
    visit_everything()
    blog.b.unpublish()
    assert still_cached() == {"a", "hearings"}
    assert Client().get("/blog/lights/").status_code == 404
    assert "楼道照明" not in Client().get("/blog/").text


def test_deleting_purges_the_page_and_its_listings(blog):
    visit_everything()
    blog.b.delete()
    assert still_cached() == {"a", "hearings"}
    assert Client().get("/blog/lights/").status_code == 404


def test_moving_purges_the_old_and_the_new_address_and_both_parents(blog):
    visit_everything()
    blog.b.move(blog.hearings, pos="last-child")
    assert still_cached() == {"a"}
    assert Client().get("/blog/lights/")["Location"] == "/hearings/lights/"  # Wagtail's redirect
    assert Client().get("/hearings/lights/").status_code == 200


def test_query_string_variants_are_purged_with_their_path(blog):
    Client().get("/blog/")
    Client().get("/blog/?page=2")
    Client().get("/blog/?tag=电梯")
    assert len(cached("/blog/", query=True)) == 2
    publish_child(blog.index, BlogPageFactory, title="新议题", slug="new")
    assert cached("/blog/") is None
    assert cached("/blog/", query=True) is None


def test_a_site_setting_purges_everything(blog):
    visit_everything()
    info = apps.get_model("home", "CommunityInfo").for_site(blog.index.get_site())
    info.save()
    assert still_cached() == set()


def test_a_vote_in_an_open_ballot_purges_nothing(blog):
    ballot = BallotFactory(page=blog.b)
    plugin = apps.get_app_config("participation_ballots")
    assert plugin.module_of(RollEntry(ballot=ballot)) is None
    assert plugin.module_of(BoxEntry(ballot=ballot, choices={})) is None
    visit_everything()
    BoxEntry.objects.create(ballot=ballot, choices={"motion": "yes"}, receipt_hash="0" * 64)
    assert still_cached() == set(PAGES)


def test_the_generic_rule_follows_the_module_foreign_key(blog):
    from participation.comments.models import Comment

    plugin = apps.get_app_config("participation_comments")
    comment = Comment(module=blog.module, body="x")
    assert plugin.module_of(comment) == blog.module
    assert plugin.module_of(Comment(module_id=blog.module.pk, body="x")).page_id == blog.a.pk


# Storing: variants, and a render begun before a purge -----------------------------------


def page(started: float) -> StoredPage:
    return StoredPage(started, 200, (("Content-Type", "text/html"),), b"<p>old</p>")


def test_a_render_begun_before_a_purge_is_not_stored_after_it(monkeypatch):
    cache = page_cache.page_cache()
    monkeypatch.setattr(page_cache.time, "time", lambda: 1000.0)
    purge_paths(["/blog/"])
    store(cache, "/blog/", "http://testserver", page(started=999.0), 60)
    assert cached("/blog/") is None
    store(cache, "/blog/", "http://testserver", page(started=1001.0), 60)
    assert cached("/blog/")


def test_variants_of_a_path_are_capped():
    cache = page_cache.page_cache()
    for number in range(MAX_VARIANTS + 4):
        store(cache, "/search/", f"http://testserver?q={number}", page(started=2000.0 + number), 60)
    variants = cached("/search/", query=True)
    assert len(variants) == MAX_VARIANTS
    assert f"http://testserver?q={MAX_VARIANTS + 3}" in variants  # the newest kept


def test_a_disclosure_published_in_a_community_shows_at_once_on_the_district_overview(
    home_page, root_page
):
    district = root_page.add_child(instance=DistrictHomePage(title="街道", slug="district"))
    Site.objects.create(hostname="district.test", port=80, root_page=district)
    board = publish_child(home_page, DisclosureIndexPageFactory)
    overview = Client(HTTP_HOST="district.test")
    assert overview.get("/").status_code == 200
    assert cached("/") is not None

    publish_child(
        board, DisclosurePageFactory, title="新的公示", category=DisclosureCategoryFactory()
    )
    # Purges name paths, not hosts: the community's home page "/" is the overview's too.
    assert "新的公示" in overview.get("/").text
