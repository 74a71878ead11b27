"""The system check names the hook a plugin misses (fake plugin configs, no app installed)."""

import pytest
from django.apps import apps

import tests.dummy_plugin
from plugins import PARTICIPATION, LinkableKind, PluginConfig
from plugins.checks import plugin_errors


def fake(config_class, with_personal_data=False):
    """An instance of ``config_class`` over the dummy plugin's package, optionally with its
    models (HandRaise holds a foreign key to the user)."""
    config = config_class("tests.dummy_plugin", tests.dummy_plugin)
    config.apps = apps
    config.models = apps.get_app_config("tests_dummy").models if with_personal_data else {}
    return config


def messages(config) -> list[str]:
    return [error.msg for error in plugin_errors(config)]


class Complete(PluginConfig):
    label = "tests_fake"
    category = PARTICIPATION
    kind = "fake"
    module_template = "tests_dummy/module.html"


def test_a_complete_participation_plugin_without_personal_data_passes():
    assert messages(fake(Complete)) == []


def test_a_participation_plugin_without_kind_is_reported():
    class NoKind(Complete):
        kind = None

    [message] = messages(fake(NoKind))
    assert "`kind`" in message
    assert "tests_fake" in message


def test_a_missing_module_template_is_reported():
    class NoTemplate(Complete):
        module_template = None  # defaults to tests_fake/module.html, which no app provides

    [message] = messages(fake(NoTemplate))
    assert "`module_template`" in message
    assert "tests_fake/module.html" in message


def test_urls_that_do_not_import_are_reported():
    class BrokenUrls(Complete):
        urls = "tests.dummy_plugin.no_such_urls"

    [message] = messages(fake(BrokenUrls))
    assert "`urls`" in message
    assert "tests.dummy_plugin.no_such_urls" in message


def test_a_general_plugin_needs_no_kind_template_or_urls():
    class General(PluginConfig):
        label = "tests_fake_general"

    assert messages(fake(General)) == []


def test_personal_data_without_the_three_hooks_is_reported_hook_by_hook():
    found = messages(fake(Complete, with_personal_data=True))
    assert len(found) == 3
    for hook in ("my_participation", "personal_data", "erase_personal_data"):
        assert any(f"`{hook}`" in message and "HandRaise.user" in message for message in found)


@pytest.mark.parametrize("provided", ["my_participation", "personal_data", "erase_personal_data"])
def test_providing_only_one_personal_data_hook_is_not_enough(provided):
    only_one = type("OnlyOne", (Complete,), {provided: lambda self, user: None})
    found = messages(fake(only_one, with_personal_data=True))
    assert len(found) == 2
    assert not any(f"`{provided}`" in message for message in found)


def test_the_dummy_plugin_provides_every_personal_data_hook():
    assert messages(apps.get_app_config("tests_dummy")) == []


def test_linkable_kinds_without_the_linkable_hook_are_reported():
    class Declares(Complete):
        linkable_kinds = (LinkableKind("thing", "Thing", "Related things"),)

    [message] = messages(fake(Declares))
    assert "`linkable`" in message
    assert "thing" in message

    class Answers(Declares):
        def linkable(self, kind, ids=None):
            return []

    assert messages(fake(Answers)) == []
