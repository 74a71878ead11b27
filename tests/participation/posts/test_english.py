"""The posts pages read in English at /en/."""

import pytest

from .conftest import make_duty

pytestmark = pytest.mark.django_db


def test_the_post_page_in_english(client, post):
    make_duty(post)
    page = client.get("/en" + post.get_absolute_url()).content.decode()
    assert "Upcoming duty days" in page
    assert "Sign in and get verified as a resident to apply for this post." in page
    assert "近期服务日" not in page
