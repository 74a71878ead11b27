"""Comments under parallel requests (PostgreSQL): each stored once; the rate limit holds."""

import pytest
from django.test import Client
from django.urls import reverse

from participation.comments.models import Comment, CommentsModule
from participation.residents.factories import VerifiedResidentFactory
from tests.concurrency import run_in_parallel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def module(home_page):
    return CommentsModule.objects.create(page=home_page, title="并发测试")


def _signed_in_clients(count):
    clients = []
    for n in range(count):
        client = Client()
        client.force_login(VerifiedResidentFactory(username=f"parallel{n}"))
        clients.append(client)
    return clients


def _post(client, module, body):
    url = reverse("participation_comments:post", args=[module.pk])
    return client.post(url, {"body": body}).status_code


def test_200_comments_from_50_residents_in_parallel_are_each_stored_once(module):
    clients = _signed_in_clients(50)
    calls = [(clients[n % 50], module, f"第{n}条意见") for n in range(200)]
    statuses = run_in_parallel(_post, calls)
    assert statuses == [302] * 200
    bodies = list(Comment.objects.filter(module=module).values_list("body", flat=True))
    assert sorted(bodies) == sorted(f"第{n}条意见" for n in range(200))
    assert Comment.objects.values("author").distinct().count() == 50


def test_the_per_minute_limit_holds_under_parallel_requests(module):
    (client,) = _signed_in_clients(1)
    calls = [(client, module, f"刷屏{n}") for n in range(12)]
    # One test client is not thread-safe, so each call gets its own with the same session.
    session = client.cookies

    def post_with_session(_client, module, body):
        own = Client()
        own.cookies = session
        return _post(own, module, body)

    statuses = run_in_parallel(post_with_session, calls)
    assert statuses.count(302) == 5
    assert statuses.count(429) == 7
    assert Comment.objects.filter(module=module).count() == 5
