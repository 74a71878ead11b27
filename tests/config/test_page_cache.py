"""Whole pages are shared only between visitors without cookies, and never outlive a change."""

import pytest
from django.test import Client

from participation.residents.factories import VerifiedResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.MIDDLEWARE = [
        "config.middleware.UpdatePageCacheMiddleware",
        *settings.MIDDLEWARE,
        "config.middleware.FetchPageFromCacheMiddleware",
    ]


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


def test_contributions_and_modules_make_cached_pages_stale(home_page):
    from config.middleware import current_generation
    from participation.core.models import Module

    before = current_generation()
    Module.objects.create(page=home_page, kind="raise_hand", title="举手")
    assert current_generation() > before
