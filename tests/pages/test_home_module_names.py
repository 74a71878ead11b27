"""The home page's open participation names each module by its page and its kind, so two
modules titled alike ("居民意见") read differently."""

import pytest

from participation.comments.models import CommentsModule
from participation.core.embedding import embed_module
from participation.hearings.models import Hearing

pytestmark = pytest.mark.django_db


def test_open_modules_read_as_page_and_kind(client, home_page):
    from home.models import HomePage

    parking = home_page.add_child(instance=HomePage(title="停车管理方案", slug="parking"))
    lift = home_page.add_child(instance=HomePage(title="加装电梯", slug="lift"))
    for module in (
        CommentsModule.objects.create(page=parking, title="居民意见"),
        Hearing.objects.create(page=lift, title="居民意见", capacity=10),
    ):
        embed_module(module)
    html = client.get("/").text
    section = html[html.index('id="home-participation"') :]
    section = section[: section.index("</section>")]
    assert "停车管理方案</a>" in section
    assert "加装电梯</a>" in section
    assert "评论" in section
    assert "听证会" in section
    assert "居民意见</a>" not in section
