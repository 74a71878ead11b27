"""Every staff-only view is refused to residents and to staff without its permission; every
URL refuses an anonymous POST."""

import re

import pytest
from django.urls import reverse

from participation.core.models import AccessLogEntry
from participation.posts import services
from participation.posts import urls as posts_urls
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
    """Every route of the plugin, with real ids where it has them: nothing is written."""
    person = holder_of(post)
    signup = services.sign_up(person, make_duty(post))
    ids = {"post_id": post.pk, "duty_id": signup.duty_id, "signup_id": signup.pk, "year": 2026}
    ids.update({"month": 1, "slug": post.slug, "pledge_id": 1, "application_id": 1})
    ids.update({"pairing_id": 1, "visit_id": 1, "suggestion_id": 1})
    for pattern in posts_urls.urlpatterns:
        names = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
        url = reverse(f"participation_posts:{pattern.name}", kwargs={n: ids[n] for n in names})
        response = client.post(url, {"skill": "x", "signup": signup.pk, "learnt": "x"})
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert "login" in response["Location"]
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    assert signup.status == "signed_up"
    assert PostApplication.objects.count() == 1
