"""Redis stopped: pages render uncached, signed-in residents carry on (sessions from the
database), sign-in fails closed with a page that says so; once Redis is back, all is as before."""

import time

import pytest

from tests.stack.support import report

pytestmark = pytest.mark.stack
DEMO_LOGIN = {"login": "resident", "password": "liubeiqiao-demo-2026"}
SIGN_IN = "/accounts/login/"


def timed(call, *args):
    started = time.monotonic()
    response = call(*args)
    return response, time.monotonic() - started


def test_redis_away_costs_the_cache_not_the_site(stack):
    pages, resident = stack.seed["pages"][:6], stack.client(stack.sessions(1)[0])
    assert stack.client().get("/").status == 200
    assert stack.redis.keys() > 0  # the page cache and sessions are in Redis
    stack.redis.stop()
    try:
        reads = [timed(stack.client().get, path) for path in pages]
        profile = resident.get("/accounts/profile/")
        comment = resident.post(stack.seed["comment_post"], {"body": "Redis 停了也能发言"})
        sign_in, sign_in_seconds = timed(stack.client().post, SIGN_IN, DEMO_LOGIN)
    finally:
        stack.redis.start()
    report(
        stack.var,
        "redis_away",
        {
            "pages": [response.status for response, _ in reads],
            "slowest_page_s": round(max(seconds for _, seconds in reads), 2),
            "profile": profile.status,
            "comment": comment.status,
            "sign_in": sign_in.status,
            "sign_in_s": round(sign_in_seconds, 2),
        },
    )
    assert [response.status for response, _ in reads] == [200] * len(pages)
    assert profile.status == 200  # still signed in: the session came from the database
    assert comment.status == 302
    assert "#comment-" in comment.headers["Location"]
    assert sign_in.status == 503
    assert "暂时无法登录" in sign_in.text
    assert sign_in_seconds < 5


def test_after_redis_returns_sign_in_and_the_cache_work_again(stack):
    # The cache's breaker tries Redis again 5 s after the last failure.
    deadline = time.monotonic() + 30
    while (response := stack.client().post(SIGN_IN, DEMO_LOGIN)).status != 302:
        assert time.monotonic() < deadline, f"sign-in still answers {response.status}"
        time.sleep(1)
    assert response.headers["Location"].endswith("/accounts/profile/")
    assert stack.client().get("/blog/").status == 200
    assert stack.redis.keys() > 0
