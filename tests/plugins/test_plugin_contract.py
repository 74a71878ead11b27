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


# The hooks of docs/plugins.md, through the dummy plugin: 我的参与, the data download, erasure,
# the admin menu, and the personal-data contract of every installed plugin.


@pytest.fixture
def hand(module, django_user_model):
    from tests.dummy_plugin.models import HandRaise

    user = django_user_model.objects.create_user("hand", password="x")
    return HandRaise.objects.create(module=module, user=user)


def switch_off(site, label="tests_dummy"):
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = [label]
    settings.save()


def download(client):
    import io
    import json
    import zipfile

    response = client.get(reverse("participation_residents:download_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return json.loads(archive.read("data.json")), archive


def test_raised_hand_appears_in_my_participation(client, hand):
    client.force_login(hand.user)
    html = client.get(reverse("my_participation")).text
    assert "Raise your hand" in html
    assert "Who comes to the meeting?" in html
    assert "Raised a hand" in html


def test_switched_off_plugin_is_hidden_from_my_participation(client, site, hand):
    switch_off(site)
    client.force_login(hand.user)
    html = client.get(reverse("my_participation")).text
    assert "Raise your hand" not in html
    assert "Who comes to the meeting?" not in html


def test_personal_data_and_files_are_in_the_download_even_when_switched_off(client, site, hand):
    switch_off(site)
    client.force_login(hand.user)
    data, archive = download(client)
    assert data["tests_dummy"] == [
        {"module": "Who comes to the meeting?", "raised_at": hand.raised_at.isoformat()}
    ]
    receipt = archive.read(f"tests_dummy/receipts/{hand.pk}.txt").decode()
    assert receipt == "You raised your hand in Who comes to the meeting?."


def test_deleting_the_account_erases_the_plugins_data(client, hand):
    from tests.dummy_plugin.models import HandRaise

    client.force_login(hand.user)
    client.post(
        reverse("participation_residents:delete_account"), {"password": "x", "confirm": "on"}
    )
    assert not HandRaise.objects.exists()


def test_online_hands_count_in_the_page_and_the_listing_counts(client, hand):
    from participation.core.counts import contribution_counts

    assert "1 hands raised" in client.get("/").text
    assert contribution_counts([hand.module.page])[hand.module.page_id] == 1


def menu_names(rf, site, user) -> set[str]:
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.META["SERVER_NAME"] = site.hostname
    request.user = user
    return {item.name for item in admin_menu.menu_items_for_request(request)}


def test_admin_menu_items_of_a_switched_off_plugin_are_hidden(rf, site, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="x")
    assert {"tests-dummy-hands", "participation-comments-modules"} <= menu_names(rf, site, boss)

    switch_off(site)
    names = menu_names(rf, site, boss)
    assert "tests-dummy-hands" not in names
    assert "participation-comments-modules" in names


def test_every_plugin_names_admin_menu_items_that_exist(rf, site, django_user_model):
    names = menu_names(rf, site, django_user_model.objects.create_superuser("boss", password="x"))
    for plugin in installed_plugins():
        assert set(plugin.admin_menu_names) <= names, plugin.label


def plugins_with_personal_data():
    from plugins.checks import personal_fields

    return [plugin.label for plugin in participation_plugins() if personal_fields(plugin)]


@pytest.mark.parametrize("label", plugins_with_personal_data())
def test_a_plugin_keeping_personal_data_exports_it_and_lists_it(label):
    """Fails for a plugin whose models point at residents but that lists nothing in 我的参与
    or leaves its records out of the data download."""
    plugin = get_plugin(label)
    assert plugin.provides("personal_data"), f"{label} does not export its personal data"
    assert plugin.provides("my_participation"), f"{label} lists nothing in 我的参与"
    assert plugin.provides("erase_personal_data"), f"{label} forgets nothing on deletion"
