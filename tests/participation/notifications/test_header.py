"""The header's 我的消息 link: signed-in residents only, with the unread count; nothing (and no
error) where the notifications plugin is switched off."""

import pytest

from participation.core.notifications import notify
from plugins.models import PluginSettings

pytestmark = pytest.mark.django_db

INBOX = "/participate/participation_notifications/"


def header(client, path="/"):
    text = client.get(path).text
    return text[text.index('<header class="site-header"') : text.index("</header>")]


def test_signed_in_residents_see_the_link_with_the_unread_count(client, resident):
    notify("tests_dummy.hand_raised", [resident], title="一条消息", url="/")
    notify("tests_dummy.hand_raised", [resident], title="又一条消息", url="/")
    client.force_login(resident)
    html = header(client)
    assert f'href="{INBOX}"' in html
    assert '<span class="badge" aria-hidden="true">2</span>' in html
    assert "（2 条未读）" in html  # the count's accessible name


def test_no_badge_without_unread_messages(client, resident):
    client.force_login(resident)
    html = header(client)
    assert f'href="{INBOX}"' in html
    assert "badge" not in html


def test_anonymous_visitors_get_no_link(client):
    assert INBOX not in header(client)


def test_switched_off_the_header_shows_nothing_and_still_renders(client, resident, site):
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_notifications"]
    settings.save()
    client.force_login(resident)
    response = client.get("/")
    assert response.status_code == 200
    assert INBOX not in response.text
    assert "我的参与" in response.text


def test_without_the_notifications_app_the_header_and_buttons_render_nothing(
    client, resident, monkeypatch, home_page
):
    # The registry as a site without the app would build it (see test_notification_hook).
    from home.templatetags import site_tags
    from participation.core import notifications
    from plugins.registry import installed_plugins

    others = [p for p in installed_plugins() if p.label != "participation_notifications"]
    monkeypatch.setattr(notifications, "installed_plugins", lambda: others)
    monkeypatch.setattr(site_tags, "get_plugin", lambda label: None)
    client.force_login(resident)
    response = client.get("/")
    assert response.status_code == 200
    assert INBOX not in response.text
    notifications.follow(resident, page=home_page)
    assert notifications.follow_control(response.wsgi_request, home_page) == ""


def test_the_count_follows_new_and_read_messages_although_it_is_cached(client, resident):
    from participation.notifications.models import Item

    client.force_login(resident)
    assert "badge" not in header(client)
    notify("tests_dummy.hand_raised", [resident], title="一条消息", url="/")
    assert '<span class="badge" aria-hidden="true">1</span>' in header(client)
    client.post(f"{INBOX}items/{Item.objects.get().pk}/read/")
    assert "badge" not in header(client)
