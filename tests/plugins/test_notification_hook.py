"""The core's notify() reaches delivering plugins only through the declared hook."""

import pytest

from participation.core.notifications import (
    UnknownNotificationKind,
    declared_kinds,
    notify,
    receivers,
)
from participation.notifications.models import Item
from participation.residents.factories import UserFactory
from plugins import PluginConfig
from plugins.models import PluginSettings
from plugins.registry import get_plugin, installed_plugins

pytestmark = pytest.mark.django_db


def test_kinds_are_named_by_the_plugin_or_pages_that_declare_them():
    kinds = declared_kinds()
    assert kinds["participation_hearings.promoted"].must_know
    assert kinds["participation_ballots.ballot_opened"].owner == "participation_ballots"
    assert kinds["tests_dummy.hand_raised"].plugin is get_plugin("tests_dummy")
    assert {"pages.new_disclosure", "pages.new_topic", "pages.new_hearing"} <= set(kinds)


def test_an_undeclared_kind_raises_before_anything_is_stored():
    with pytest.raises(UnknownNotificationKind):
        notify("tests_dummy.no_such_kind", [UserFactory()], title="x", url="/")
    with pytest.raises(UnknownNotificationKind):
        notify("hand_raised", [UserFactory()], title="x", url="/")  # not namespaced
    assert not Item.objects.exists()


def test_only_the_notifications_plugin_receives_and_only_through_the_hook():
    assert [plugin.label for plugin in receivers()] == ["participation_notifications"]
    assert not PluginConfig.provides(get_plugin("tests_dummy"), "receive_notification")


def test_notify_stores_one_item_per_recipient_and_skips_missing_ones():
    first, second = UserFactory(), UserFactory()
    event = notify(
        "tests_dummy.hand_raised", [first, None, second, first], title="A hand", url="/x/"
    )
    assert event.recipient_ids == (first.pk, second.pk)
    assert sorted(Item.objects.values_list("recipient", flat=True)) == sorted([first.pk, second.pk])


def test_switched_off_for_the_site_emitting_is_a_harmless_no_op(site, mailoutbox):
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_notifications"]
    settings.save()
    event = notify("tests_dummy.hand_raised", [UserFactory()], title="A hand", url="/x/")
    assert event.kind == "tests_dummy.hand_raised"
    assert not Item.objects.exists()
    assert mailoutbox == []


def test_without_the_notifications_app_emitting_still_works(monkeypatch, mailoutbox):
    # The registry as a site without the app would build it (reloading the app registry in a
    # test would re-run every app's ready()).
    from participation.core import notifications

    others = [p for p in installed_plugins() if p.label != "participation_notifications"]
    monkeypatch.setattr(notifications, "installed_plugins", lambda: others)
    user = UserFactory()
    assert receivers() == []
    event = notify("tests_dummy.hand_raised", [user], title="A hand", url="/x/")
    assert event.recipient_ids == (user.pk,)
    assert not Item.objects.exists()
    assert mailoutbox == []
