"""Redis is an optimisation: with the cache at a port where nothing answers, the production
settings (page cache, cached_db sessions) still serve every page; risky actions whose limits
live in the cache are refused clearly; and the outage is logged once a minute."""

import logging
import socket

import pytest
from django.test import Client
from django.urls import reverse

from config import cache as resilient
from config.env import cache_settings
from participation.comments.models import Comment, CommentsModule
from participation.core.embedding import embed_module
from participation.residents.factories import DEMO_PASSWORD, UserFactory, VerifiedResidentFactory
from tests.second_factor import confirm_code, enrol, totp_code

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def dead_redis(settings):
    settings.CACHES, settings.SESSION_ENGINE = cache_settings(
        f"redis://127.0.0.1:{closed_port()}/1"
    )
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.MIDDLEWARE = ["config.page_cache.PageCacheMiddleware", *settings.MIDDLEWARE]
    settings.WAGTAILFRONTENDCACHE = {"pages": {"BACKEND": "config.page_cache.PageCacheBackend"}}
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_anonymous_pages_render_uncached():
    assert Client().get("/").status_code == 200
    assert Client().get("/").status_code == 200


def test_signed_in_residents_keep_their_session_in_the_database():
    resident = Client()
    resident.force_login(VerifiedResidentFactory(display_name="断缓存居民"))
    assert "退出登录" in resident.get("/").text
    assert resident.get(reverse("participation_residents:profile")).status_code == 200


def test_sign_in_is_refused_clearly_while_its_limits_cannot_be_kept():
    UserFactory(username="li", email="li@example.com")
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "li@example.com", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 503
    assert "登录、注册和找回密码暂时不可用，请稍后再试。" in response.text
    assert "_auth_user_id" not in client.session
    reset = client.post(reverse("account_reset_password"), {"email": "li@example.com"})
    assert reset.status_code == 503


def test_staff_second_step_is_refused_clearly_while_its_limits_cannot_be_kept():
    """The password step still answers; the code step, whose wrong guesses are counted in the
    cache, fails closed as residents' sign-in does, so the admin stays shut until Redis is back."""
    secret = enrol(UserFactory(username="staffer", is_superuser=True, is_staff=True))
    staff = Client()
    signed_in = staff.post("/admin/login/", {"username": "staffer", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    refused = confirm_code(staff, totp_code(secret))
    assert refused.status_code == 503
    assert "登录、注册和找回密码暂时不可用，请稍后再试。" in refused.text
    assert staff.get("/admin/").status_code == 302


def test_a_comment_is_posted(home_page):
    module = CommentsModule.objects.create(page=home_page, title="居民意见")
    embed_module(module)
    resident = Client()
    resident.force_login(VerifiedResidentFactory())
    response = resident.post(
        reverse("participation_comments:post", args=[module.pk]), {"body": "楼道灯坏了。"}
    )
    assert response.status_code == 302
    assert Comment.objects.filter(body="楼道灯坏了。").exists()


def test_publishing_purges_without_breaking_anything(home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as purges:
        home_page.title = "断缓存时发布"
        home_page.save_revision().publish()
    assert purges  # the purge ran, against a Redis that does not answer
    assert "断缓存时发布" in Client().get("/").text


def test_household_codes_fail_closed():
    resident = Client()
    resident.force_login(UserFactory())
    response = resident.post(reverse("participation_residents:verify"), {"code": "ABCDE-FGHJK"})
    assert response.status_code == 200
    assert "认证暂时无法进行，请稍后再试。" in response.text


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(resilient.time, "monotonic", clock)
    monkeypatch.setattr(resilient, "_breakers", {})
    return clock


def test_one_log_line_a_minute_and_one_when_redis_is_back(clock, caplog, monkeypatch):
    from django.core.cache import cache

    caplog.set_level(logging.WARNING, logger="config.cache")
    for _ in range(11):  # a call every 6 s for a minute, each after the breaker closed
        cache.get("key")
        clock.now += resilient.RETRY_AFTER + 1
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2  # at 0 s and at 60 s
    assert "unreachable" in messages[0]
    assert "10 failed calls" in messages[1]

    monkeypatch.setattr(resilient.RedisCache, "get", lambda *args, **kwargs: "cached")
    assert cache.get("key") == cache.get("key") == "cached"
    assert [record.getMessage() for record in caplog.records][2:] == [
        f"Redis cache {cache.breaker.location} answers again"
    ]


def test_a_failure_opens_the_breaker_for_a_few_seconds(clock, monkeypatch):
    from django.core.cache import cache

    tries = []
    original = resilient.RedisCache.get

    def counting_get(self, *args, **kwargs):
        tries.append(clock.now)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(resilient.RedisCache, "get", counting_get)
    for _ in range(10):
        assert cache.get("key", "miss") == "miss"
        clock.now += 1
    assert len(tries) == 2  # at 0 s, then once the breaker closed again after RETRY_AFTER
