"""notify(followers_of=…): the followers of a page or module are told too, each once."""

import pytest

from participation.core.models import Module
from participation.core.notifications import notify
from participation.notifications.models import Follow, Item
from participation.residents.factories import UserFactory

pytestmark = pytest.mark.django_db
KIND = "tests_dummy.hand_raised"


def test_followers_of_a_page_or_module_are_told_each_once(home_page):
    module = Module.objects.create(page=home_page, kind="tests_dummy")
    named, page_follower, module_follower, bystander = UserFactory.create_batch(4)
    Follow.objects.create(user=named, page=home_page)
    Follow.objects.create(user=named, module=module)
    Follow.objects.create(user=page_follower, page=home_page)
    Follow.objects.create(user=module_follower, module=module)
    notify(KIND, [named], title="有人举手了", url="/", followers_of=(home_page, module))
    recipients = list(Item.objects.values_list("recipient_id", flat=True))
    assert sorted(recipients) == sorted([named.pk, page_follower.pk, module_follower.pk])
    assert bystander.pk not in recipients


def test_followers_alone_are_enough(home_page):
    follower = UserFactory()
    Follow.objects.create(user=follower, page=home_page)
    notify(KIND, [], title="新议题", url="/", followers_of=(home_page,))
    assert Item.objects.get().recipient == follower
    notify(KIND, [], title="无人关注", url="/")
    assert Item.objects.count() == 1
