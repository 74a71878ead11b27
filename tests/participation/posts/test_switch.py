"""Switched off for a site, the plugin's pages answer 404 and it leaves 我的参与."""

import pytest
from django.urls import reverse

from participation.core.my_participation import sections_for
from plugins.models import PluginSettings

pytestmark = pytest.mark.django_db


def test_switched_off_the_posts_pages_answer_404(client, site, post, resident):
    assert client.get(post.get_absolute_url()).status_code == 200
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_posts"]
    settings.save()
    assert client.get(post.get_absolute_url()).status_code == 404
    assert client.get(reverse("participation_posts:index")).status_code == 404
    client.force_login(resident)
    response = client.get(reverse("my_participation"))
    labels = [section.plugin.label for section in response.context["sections"]]
    assert "participation_posts" not in labels
    assert any(s.plugin.label == "participation_posts" for s in sections_for(resident))
