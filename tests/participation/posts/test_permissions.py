"""Every staff-only view is refused to residents and to staff without its permission; every
URL refuses an anonymous POST."""

import pytest
from django.urls import reverse

from participation.core.models import AccessLogEntry
from participation.posts import services
from participation.posts.models import PostApplication
from participation.residents.factories import UserFactory, VerifiedResidentFactory

from .conftest import holder_of, make_duty, staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_urls(post):
    duty = make_duty(post)
    application = services.apply(VerifiedResidentFactory(), post, "巡逻")
    return {
        "change_postapplication": [
            ("get", reverse("participation_posts:applications")),
            ("post", reverse("participation_posts:decide", args=[application.pk])),
        ],
        "change_dutysignup": [("get", reverse("participation_posts:check_in", args=[duty.pk]))],
        "view_dutysignup": [
            ("get", reverse("participation_posts:roster", args=[post.pk, duty.date.year, 1]))
        ],
    }


def test_residents_and_staff_without_the_permission_are_refused(client, staff_urls):
    everyone = list(staff_urls)
    for permission, urls in staff_urls.items():
        others = [codename for codename in everyone if codename != permission]
        for user in (VerifiedResidentFactory(), UserFactory(is_staff=True), staff_with(*others)):
            client.force_login(user)
            for method, url in urls:
                response = getattr(client, method)(url, {"action": "approve"})
                assert response.status_code == 403, (permission, url)
    assert PostApplication.objects.get().status == "pending"
    assert not AccessLogEntry.objects.exists()


def test_staff_with_the_permission_get_in_and_are_logged(client, staff_urls):
    for permission, urls in staff_urls.items():
        client.force_login(staff_with(permission))
        for method, url in urls:
            if method == "get":
                assert client.get(url).status_code == 200, url
    assert AccessLogEntry.objects.count() == 3


def test_every_url_refuses_an_anonymous_post(client, post):
    person = holder_of(post)
    duty = make_duty(post)
    signup = services.sign_up(person, duty)
    pledge = services.record_pledge(person, 2026, "deed", "装灯", True)
    urls = [
        reverse("participation_posts:apply", args=[post.pk]),
        reverse("participation_posts:sign_up", args=[duty.pk]),
        reverse("participation_posts:check_in", args=[duty.pk]),
        reverse("participation_posts:cancel", args=[signup.pk]),
        reverse("participation_posts:pledge_done", args=[pledge.pk]),
        reverse("participation_posts:mine"),
        reverse("participation_posts:applications"),
        reverse("participation_posts:decide", args=[1]),
        reverse("participation_posts:roster", args=[post.pk, 2026, 1]),
        reverse("participation_posts:index"),
        reverse("participation_posts:post", args=[post.slug]),
        reverse("participation_posts:totals", args=[2026]),
    ]
    for url in urls:
        response = client.post(url, {"skill": "x", "signup": signup.pk})
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert "login" in response["Location"]
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    assert signup.status == "signed_up"
