"""The core 参与模块 admin adds modules only for plugins that use Module itself."""

import pytest
from django.urls import reverse

from participation.core.wagtail_hooks import plain_module_kinds
from plugins.registry import get_plugin

pytestmark = pytest.mark.django_db

ADD = reverse("wagtailsnippets_participation_core_module:add")
LIST = reverse("wagtailsnippets_participation_core_module:list")


@pytest.fixture
def editor(client, django_user_model, site):
    client.force_login(django_user_model.objects.create_superuser("editor", password="x"))
    return client


@pytest.fixture
def only_plugins_with_their_own_module_model(monkeypatch):
    """As in production: the dummy plugin (the only one using Module itself) gets one too."""
    monkeypatch.setattr(
        get_plugin("tests_dummy"), "module_model", "participation_comments.CommentsModule"
    )


def test_the_form_offers_only_kinds_of_plugins_using_module_itself(editor):
    assert plain_module_kinds() == [("raise_hand", "Raise your hand")]
    form = editor.get(ADD).context["form"]
    assert list(form.fields["kind"].choices) == [("raise_hand", "Raise your hand")]


def test_editors_add_a_module_of_such_a_kind(editor):
    assert f'href="{ADD}"' in editor.get(LIST).text


@pytest.mark.usefixtures("only_plugins_with_their_own_module_model")
def test_without_such_plugins_there_is_no_add_button_and_no_add_form(editor):
    listing = editor.get(LIST)
    assert listing.status_code == 200
    assert f'href="{ADD}"' not in listing.text
    assert editor.get(ADD).status_code in (302, 403)
