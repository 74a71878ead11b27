"""我的参与: the signed-in resident's own rows per plugin, never anyone else's."""

import pytest
from django.urls import reverse

from participation.comments.models import Comment
from participation.residents.factories import VerifiedResidentFactory
from plugins.models import PluginSettings

pytestmark = pytest.mark.django_db

URL = reverse("my_participation")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_empty_sections_say_so(client, resident):
    client.force_login(resident)
    html = client.get(URL).text
    assert "<h2" in html
    assert "评论" in html
    assert "暂无记录。" in html


def test_own_comments_and_replies_to_them_are_listed(client, resident, comments_module):
    mine = Comment.objects.create(module=comments_module, author=resident, body="楼道灯坏了")
    neighbour = VerifiedResidentFactory(username="li", display_name="李大爷", unit=resident.unit)
    Comment.objects.create(module=comments_module, author=neighbour, parent=mine, body="我也看到")
    client.force_login(resident)
    html = client.get(URL).text
    assert "评论：楼道灯坏了" in html
    assert "回复了您：我也看到" in html
    assert f"#comment-{mine.pk}" in html
    assert "已发布" in html


def test_another_residents_comments_never_appear(client, resident, comments_module):
    neighbour = VerifiedResidentFactory(username="li", display_name="李大爷", unit=resident.unit)
    Comment.objects.create(module=comments_module, author=neighbour, body="邻居的私事")
    client.force_login(resident)
    assert "邻居的私事" not in client.get(URL).text


def test_a_switched_off_plugin_has_no_section(client, site, resident, comments_module):
    Comment.objects.create(module=comments_module, author=resident, body="楼道灯坏了")
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_comments"]
    settings.save()
    client.force_login(resident)
    assert "楼道灯坏了" not in client.get(URL).text


def test_english_page(client, resident):
    client.force_login(resident)
    html = client.get("/en" + URL).text
    assert "My participation" in html
    assert "Nothing yet." in html


def test_linked_from_the_header_and_the_profile(client, resident):
    client.force_login(resident)
    assert client.get("/").text.count(f'href="{URL}"') == 1
    assert f'href="{URL}"' in client.get(reverse("participation_residents:profile")).text
