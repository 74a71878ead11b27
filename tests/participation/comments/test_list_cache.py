"""The comment list is rendered once for everyone and cached under the module's version, which
every change bumps in its own transaction: a new comment, an edit, a moderation hide, a
deletion, an erased account show at once. What belongs to one resident is never in it."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from participation.comments import services
from participation.comments.models import Comment, CommentsModule, ModerationLog
from participation.comments.presentation import Window, listing_key
from participation.core.models import Module
from participation.residents.factories import VerifiedResidentFactory
from participation.residents.models import Building
from plugins.registry import get_plugin

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(resident):
    return VerifiedResidentFactory(username="li", display_name="李大爷", unit=resident.unit)


def page_text(client, module) -> str:
    return client.get(module.page.url).text


def test_every_change_shows_at_once(client, comments_module, resident, moderator):
    first = services.post_comment(resident, comments_module, "第一条意见")
    assert "第一条意见" in page_text(client, comments_module)  # now cached

    second = services.post_comment(resident, comments_module, "第二条意见")
    assert "第二条意见" in page_text(client, comments_module)

    services.edit_comment(resident, first, "改过的意见")
    text = page_text(client, comments_module)
    assert "改过的意见" in text
    assert "第一条意见" not in text

    services.moderate(moderator, [second], ModerationLog.Action.HIDE)
    assert "第二条意见" not in page_text(client, comments_module)

    services.official_reply(moderator, first, "官方的答复")
    assert "官方的答复" in page_text(client, comments_module)

    services.delete_comment(resident, Comment.objects.get(pk=first.pk))
    text = page_text(client, comments_module)
    assert "改过的意见" not in text
    assert "官方的答复" not in text


def test_reports_that_hide_a_comment_show_at_once(client, comments_module, resident):
    comment = services.post_comment(resident, comments_module, "有争议的意见")
    assert "有争议的意见" in page_text(client, comments_module)
    for _ in range(3):
        services.report_comment(VerifiedResidentFactory(), comment, "不实")
    assert "有争议的意见" not in page_text(client, comments_module)


def test_an_erased_account_shows_at_once(client, comments_module, resident):
    services.post_comment(resident, comments_module, "我的意见")
    assert "3栋 王**" in page_text(client, comments_module)
    get_plugin("participation_comments").erase_personal_data(resident)
    assert "3栋 王**" not in page_text(client, comments_module)


def test_a_new_public_name_shows_at_once(client, comments_module, resident):
    services.post_comment(resident, comments_module, "我的意见")
    assert "3栋 王**" in page_text(client, comments_module)
    resident.display_name = "李阿姨"
    resident.save()
    assert "3栋 李**" in page_text(client, comments_module)


def test_a_renamed_building_shows_at_once(client, comments_module, resident, neighbour):
    services.post_comment(resident, comments_module, "我的意见")
    assert "3栋 王**" in page_text(client, comments_module)
    building = resident.unit.building
    building.name = "梧桐楼"
    building.save()
    assert "梧桐楼 王**" in page_text(client, comments_module)
    unit = resident.unit
    unit.building = Building.objects.create(number="9")
    unit.save()
    assert "9栋 王**" in page_text(client, comments_module)


def test_the_cached_list_holds_nothing_of_the_resident(
    client, comments_module, resident, neighbour
):
    services.post_comment(resident, comments_module, "我的意见")
    services.post_comment(neighbour, comments_module, "邻居的意见")
    client.force_login(resident)
    mine = page_text(client, comments_module)
    assert "修改" in mine
    assert "举报" in mine
    module = CommentsModule.objects.get(pk=comments_module.pk)
    html, _number = cache.get(listing_key(module, Window(module), "newest", 1))
    assert "邻居的意见" in html
    for private in ("csrfmiddlewaretoken", "<footer", "/edit/", "/report/", "reply="):
        assert private not in html

    client.logout()
    anonymous = page_text(client, comments_module)
    assert "修改" not in anonymous
    assert "举报" not in anonymous
    assert "comment-actions" not in anonymous


def test_an_edited_module_shows_at_once_and_its_version_never_goes_back(client, comments_module):
    assert "居民意见" in page_text(client, comments_module)
    stale = CommentsModule.objects.get(pk=comments_module.pk)
    Module.bump_version(comments_module.pk)  # a comment meanwhile
    stale.title = "新的标题"
    stale.save()
    fresh = CommentsModule.objects.get(pk=comments_module.pk)
    assert fresh.title == "新的标题"
    assert fresh.version == stale.version + 2
    assert "新的标题" in page_text(client, comments_module)


def test_the_header_follows_the_window(client, comments_module):
    assert "意见征集已结束" not in page_text(client, comments_module)
    Module.objects.filter(pk=comments_module.pk).update(  # no save(): the window alone moves
        opens_at=timezone.now() - timedelta(days=2), closes_at=timezone.now() - timedelta(days=1)
    )
    assert "意见征集已结束" in page_text(client, comments_module)
