"""我的消息: each resident sees and marks only their own messages."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from participation.core.notifications import notify
from participation.notifications.models import Item
from participation.residents.factories import UserFactory
from plugins.models import PluginSettings

pytestmark = pytest.mark.django_db

INBOX = "/participate/participation_notifications/"


def tell(user, title="有人回复了您的评论", url="/blog/topic/"):
    notify("tests_dummy.hand_raised", [user], title=title, url=url)
    return Item.objects.filter(recipient=user).latest("pk")


def test_the_inbox_lists_only_the_residents_own_messages(client, resident):
    tell(resident, "给王阿姨的消息")
    tell(UserFactory(), "给别人的消息")
    client.force_login(resident)
    response = client.get(INBOX)
    assert response.status_code == 200
    assert reverse("participation_notifications:inbox") == INBOX
    assert "给王阿姨的消息" in response.text
    assert "给别人的消息" not in response.text
    assert "1 条未读消息。" in response.text


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_marking_read_takes_a_post_with_csrf(resident):
    from django.test import Client

    item = tell(resident)
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    url = reverse("participation_notifications:mark_read", args=[item.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    item.refresh_from_db()
    assert item.read_at is None


def test_a_resident_marks_a_message_read(client, resident):
    item = tell(resident)
    client.force_login(resident)
    response = client.post(reverse("participation_notifications:mark_read", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.read_at is not None


def test_nobody_marks_someone_elses_message(client, resident):
    item = tell(resident)
    client.force_login(UserFactory())
    url = reverse("participation_notifications:mark_read", args=[item.pk])
    assert client.post(url).status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_mark_all_read_touches_only_the_residents_messages(client, resident):
    mine = [tell(resident), tell(resident)]
    theirs = tell(UserFactory())
    client.force_login(resident)
    client.post(reverse("participation_notifications:mark_all_read"))
    assert all(Item.objects.get(pk=item.pk).read_at for item in mine)
    assert Item.objects.get(pk=theirs.pk).read_at is None


@pytest.mark.parametrize("page", ["abc", "-1", "99999999999999999999", ""])
def test_a_bad_page_number_shows_a_page(client, resident, page):
    tell(resident)
    client.force_login(resident)
    assert client.get(INBOX, {"page": page}).status_code == 200


def test_the_inbox_speaks_english_under_en(client, resident):
    tell(resident)
    client.force_login(resident)
    response = client.get("/en" + INBOX)
    assert response.status_code == 200
    assert "My messages" in response.text
    assert "1 unread message." in response.text


def test_switched_off_the_inbox_answers_404(client, resident, site):
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_notifications"]
    settings.save()
    client.force_login(resident)
    assert client.get(INBOX).status_code == 404


def render_link(user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load notifications_tags %}{% notifications_link %}")
    return template.render(Context({"request": request}))


def test_the_header_link_shows_the_unread_count(resident):
    from django.contrib.auth.models import AnonymousUser

    assert render_link(AnonymousUser()).strip() == ""
    assert 'class="badge"' not in render_link(resident)
    tell(resident)
    tell(resident)
    link = render_link(resident)
    assert f'href="{INBOX}"' in link
    assert ">2</span>" in link


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("inbox", []),
        ("mark_read", [1]),
        ("mark_all_read", []),
        ("preferences", []),
    ],
)
def test_every_url_but_unsubscribe_refuses_an_anonymous_post(client, resident, name, args):
    item = tell(resident)
    response = client.post(reverse(f"participation_notifications:{name}", args=args))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    item.refresh_from_db()
    assert item.read_at is None
