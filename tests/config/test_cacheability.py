"""Anonymous visitors get pages a shared cache may keep: no cookie set, per-visitor parts varied."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/en/"])
def test_anonymous_pages_set_no_cookie(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies, f"{url} set {list(response.cookies)}"


def test_pages_vary_on_the_session_so_signed_in_views_never_leak(client):
    assert "Cookie" in client.get("/")["Vary"]
