"""Every URL of the site answers, in both interface languages."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from participation.residents.factories import DEMO_PASSWORD, UserFactory
from tests.second_factor import confirm_code, enrol, totp_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/", "/en/", "/sitemap.xml", "/admin/login/", reverse("wagtailadmin_password_reset")],
)
def test_public_urls_answer(client, url):
    assert client.get(url).status_code == 200


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.text


def test_admin_login_works_for_staff(client):
    secret = enrol(UserFactory(username="staff1", is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/login/", {"username": "staff1", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    assert confirm_code(client, totp_code(secret)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_login_refuses_a_wrong_password(client):
    UserFactory(username="staff2", is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": "staff2", "password": "wrong"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_admin_is_closed_to_anonymous_visitors(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_every_page_and_feed_of_the_demo_answers(client):
    from django.core.management import call_command
    from wagtail.models import Page, Site

    call_command("load_demo", "--force", verbosity=0)
    # (site, root URL, path): the demo has several sites, each page served on its own host.
    pages = [page.get_url_parts() for page in Page.objects.live().public().filter(depth__gt=1)]
    default = Site.objects.get(is_default_site=True).pk
    own = [path for site_id, _root, path in pages if site_id == default]
    feeds = ["/blog/rss/", "/blog/atom/", "/hearings/ics/", "/search/?q=听证", "/accounts/login/"]
    assert len(own) > 25  # the home page, four sections and at least five items in each
    assert len(pages) > len(own)  # the second community and the district overview
    for _site, root, path in pages:
        response = client.get(path, HTTP_HOST=urlsplit(root).hostname)
        assert response.status_code == 200, root + path
    for url in [*feeds, *(f"/en{path}" for path in own[:10])]:
        assert client.get(url).status_code == 200, url
