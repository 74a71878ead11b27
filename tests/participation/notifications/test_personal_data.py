"""A resident's messages, choices and follows: in their download, gone with their account."""

import pytest

from participation.core.notifications import notify
from participation.core.personal_data import delete_account
from participation.notifications.models import Delivery, Follow, Item, Preference
from participation.residents.factories import UserFactory
from plugins.registry import get_plugin

pytestmark = pytest.mark.django_db
KIND = "tests_dummy.hand_raised"


@pytest.fixture
def plugin():
    return get_plugin("participation_notifications")


def test_the_download_holds_only_the_residents_own_records(plugin, resident, home_page):
    notify(KIND, [resident], title="给王阿姨", url="/a/")
    notify(KIND, [UserFactory()], title="给别人", url="/b/")
    Preference.objects.create(user=resident, kind=KIND, channel="none")
    Follow.objects.create(user=resident, page=home_page)
    records = plugin.personal_data(resident).records
    assert [message["title"] for message in records["messages"]] == ["给王阿姨"]
    assert [delivery["channel"] for delivery in records["deliveries"]] == ["email"]
    assert records["choices"] == [{"kind": KIND, "channel": "none", "rhythm": "immediately"}]
    assert [follow["page"] for follow in records["follows"]] == [home_page.pk]


def test_follows_are_listed_in_my_participation(plugin, resident, home_page):
    Follow.objects.create(user=resident, page=home_page)
    [row] = plugin.my_participation(resident)
    assert row.title == home_page.title
    assert row.action == "关注"


def test_deleting_the_account_deletes_everything_here(resident, home_page):
    notify(KIND, [resident], title="给王阿姨", url="/a/")
    Preference.objects.create(user=resident, kind=KIND, channel="none")
    Follow.objects.create(user=resident, page=home_page)
    delete_account(resident)
    assert not Item.objects.exists()
    assert not Delivery.objects.exists()
    assert not Preference.objects.exists()
    assert not Follow.objects.exists()
