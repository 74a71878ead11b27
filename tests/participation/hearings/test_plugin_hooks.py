"""What the hearings plugin declares on its PluginConfig: notification kinds, admin menu names."""

from wagtail.admin.menu import admin_menu

from plugins.registry import get_plugin


def test_registration_promotion_and_reminder_are_must_know():
    kinds = {
        kind.code: kind.must_know
        for kind in get_plugin("participation_hearings").notification_kinds
    }
    assert kinds == {
        "registration_confirmed": True,
        "promoted": True,
        "reminder": True,
        "cancelled_by_staff": False,
        "outcome_published": False,
    }


def test_the_admin_menu_names_are_those_of_the_registered_items():
    registered = {item.name for item in admin_menu.registered_menu_items}
    names = get_plugin("participation_hearings").admin_menu_names
    assert names
    assert set(names) <= registered
