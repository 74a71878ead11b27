"""A plugin defined only in the tests registers, embeds in a page, renders, and switches off."""

from importlib.metadata import EntryPoint

import pytest
from django.urls import reverse

from participation.core.models import Module
from plugins import discovery
from plugins.models import PluginSettings
from plugins.registry import get_plugin, installed_plugins, participation_plugins, plugin_for_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(home_page):
    module = Module.objects.create(
        page=home_page, kind="raise_hand", title="Who comes to the meeting?"
    )
    home_page.body = [("participation", module)]
    home_page.save_revision().publish()
    return module


def test_registry_is_built_from_installed_apps():
    labels = {plugin.label for plugin in installed_plugins()}
    assert {"tests_dummy", "participation_comments", "participation_ballots"} <= labels
    assert get_plugin("tests_dummy").version == "1.0.0"
    assert plugin_for_kind("raise_hand").label == "tests_dummy"
    assert "tests_dummy" in {plugin.label for plugin in participation_plugins()}
    assert get_plugin("participation_core") is None  # an ordinary app is not a plugin


def test_module_renders_inside_its_page(client, module):
    response = client.get("/")
    assert response.status_code == 200
    assert "Who comes to the meeting?: 0 hands raised" in response.text


def test_module_of_another_page_does_not_render(client, home_page, root_page):
    other = root_page.add_child(instance=type(home_page)(title="Other", slug="other"))
    foreign = Module.objects.create(page=other, kind="raise_hand", title="Foreign module")
    home_page.body = [("participation", foreign)]
    home_page.save_revision().publish()
    assert "Foreign module" not in client.get("/").text


def test_plugin_urls_are_mounted_under_participate(client, django_user_model, module):
    user = django_user_model.objects.create_user("hand", password="x")
    client.force_login(user)
    url = reverse("tests_dummy:raise", args=[module.pk])
    assert url == f"/participate/tests_dummy/{module.pk}/raise/"
    assert client.post(url).status_code == 200
    assert "1 hands raised" in client.get("/").text


def test_switched_off_plugin_renders_nothing_and_its_urls_404(
    client, site, django_user_model, module
):
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["tests_dummy"]
    settings.save()
    client.force_login(django_user_model.objects.create_user("hand", password="x"))

    assert "hands raised" not in client.get("/").text
    assert client.post(reverse("tests_dummy:raise", args=[module.pk])).status_code == 404
    module.refresh_from_db()
    assert module.settings.get("hands", 0) == 0


def test_settings_form_stores_the_unticked_plugins(site):
    from wagtail.admin.panels import get_edit_handler

    form_class = get_edit_handler(PluginSettings).get_form_class()
    instance = PluginSettings.for_site(site)
    everything = [plugin.label for plugin in installed_plugins()]
    form = form_class(
        data={"enabled_plugins": [label for label in everything if label != "tests_dummy"]},
        instance=instance,
    )
    assert form.is_valid(), form.errors
    form.save()
    instance.refresh_from_db()
    assert instance.disabled_plugins == ["tests_dummy"]


def test_entry_point_plugins_are_discovered(monkeypatch):
    found = [
        EntryPoint(name="b", value="vendor.b_plugin", group=discovery.ENTRY_POINT_GROUP),
        EntryPoint(name="a", value="vendor.a_plugin", group=discovery.ENTRY_POINT_GROUP),
        EntryPoint(name="a2", value="vendor.a_plugin", group=discovery.ENTRY_POINT_GROUP),
    ]
    monkeypatch.setattr(discovery, "entry_points", lambda group: found)
    assert discovery.entry_point_plugin_apps() == ["vendor.a_plugin", "vendor.b_plugin"]


def test_embed_module_appends_the_block_once(client, home_page):
    from participation.core.embedding import embed_module

    module = Module.objects.create(page=home_page, kind="raise_hand", title="Embedded from code")
    embed_module(module)
    embed_module(module)
    home_page.refresh_from_db()
    assert [block.value for block in home_page.body] == [module]
    assert "Embedded from code" in client.get("/").text


def test_contribution_counts_sum_plugins_and_respect_the_switch(rf, site, home_page):
    from participation.core.counts import contribution_counts

    Module.objects.create(page=home_page, kind="raise_hand", title="a", settings={"hands": 2})
    Module.objects.create(page=home_page, kind="raise_hand", title="b", settings={"hands": 3})
    assert contribution_counts([home_page])[home_page.pk] == 5

    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["tests_dummy"]
    settings.save()
    request = rf.get("/")
    request.META["SERVER_NAME"] = site.hostname
    assert contribution_counts([home_page], request=request)[home_page.pk] == 0
