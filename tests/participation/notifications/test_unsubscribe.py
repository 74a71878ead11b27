"""One click from an e-mail stops that kind of e-mail, without signing in; forged or expired
links change nothing and say why."""

import re
import time

import pytest
from django.core import signing
from django.test import Client

from participation.core.notifications import notify
from participation.notifications.models import Channel, Preference
from participation.notifications.unsubscribe import MAX_AGE, make_token

pytestmark = pytest.mark.django_db
KIND = "tests_dummy.hand_raised"


def unsubscribe_link(mail) -> str:
    header = mail.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://testserver/participate/participation_notifications/")
    return header.strip("<>").removeprefix("http://testserver")


def test_every_email_carries_one_click_unsubscribe_headers_and_link(resident, mailoutbox):
    notify(KIND, [resident], title="有人举手了", url="/blog/t/")
    [mail] = mailoutbox
    assert mail.to == [resident.email]
    assert mail.subject == "有人举手了"
    assert "http://testserver/blog/t/" in mail.body
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_link(mail) in mail.body


def test_the_one_click_post_works_without_a_session_or_csrf(resident, mailoutbox):
    notify(KIND, [resident], title="有人举手了", url="/")
    link = unsubscribe_link(mailoutbox[0])
    client = Client(enforce_csrf_checks=True)
    assert client.get(link).status_code == 200
    assert not Preference.objects.exists()  # a link checker's GET changes nothing
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "已退订" in response.text
    assert Preference.objects.get(user=resident, kind=KIND).channel == Channel.NONE
    mailoutbox.clear()
    notify(KIND, [resident], title="又有人举手了", url="/")
    assert mailoutbox == []
    assert resident.notification_items.count() == 2  # the inbox still has it


def refused(client, link):
    response = client.post(link)
    assert response.status_code == 400
    assert "您的设置没有任何改变" in response.text
    assert not Preference.objects.exists()
    return response


def test_a_forged_link_is_refused(client, resident):
    token = make_token(resident.pk, KIND)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = refused(client, f"/participate/participation_notifications/unsubscribe/{forged}/")
    assert "这个退订链接无效" in response.text
    other = signing.dumps({"user": resident.pk, "kind": KIND}, salt="another purpose")
    refused(client, f"/participate/participation_notifications/unsubscribe/{other}/")


def test_an_expired_link_is_refused(client, resident, monkeypatch):
    token = make_token(resident.pk, KIND)
    later = time.time() + MAX_AGE + 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = refused(client, f"/participate/participation_notifications/unsubscribe/{token}/")
    assert "已经过期" in response.text


def test_a_link_for_an_unknown_kind_is_refused(client, resident):
    token = make_token(resident.pk, "tests_dummy.gone")
    response = refused(client, f"/participate/participation_notifications/unsubscribe/{token}/")
    assert "已经不存在" in response.text


def test_the_link_names_the_kind_in_the_page(client, resident):
    token = make_token(resident.pk, KIND)
    response = client.get(f"/participate/participation_notifications/unsubscribe/{token}/")
    assert re.search(r"不再通过电子邮件接收“A hand was raised”", response.text)
