"""Replying TD (退订) to an SMS: the provider pushes the reply, SMS stop for that resident,
must-know messages then reach only their inbox; the callback is guarded by a secret."""

import pytest
from django.urls import reverse

from participation.core.notifications import notify
from participation.notifications.models import Channel, Delivery, Item, SmsOptOut
from participation.notifications.sms import read_file_messages

from .fake_aliyun import FakeAliyun, push_replies

pytestmark = pytest.mark.django_db
MUST_KNOW = "participation_hearings.promoted"
TOKEN = "a-long-random-secret-0123456789"


@pytest.fixture
def callback(settings):
    settings.SMS_INBOUND_TOKEN = TOKEN
    return reverse("participation_notifications:sms_replies", args=[TOKEN])


@pytest.fixture
def aliyun(settings):
    settings.SMS_BACKEND = "participation.notifications.sms.AliyunBackend"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "key"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "secret"
    with FakeAliyun("secret") as fake:
        settings.SMS_ALIYUN_ENDPOINT = fake.url
        yield fake


@pytest.mark.parametrize("reply", ["TD", " td ", "退订", "t", "N\n"])
def test_a_stop_reply_ends_sms_and_must_know_goes_to_the_inbox(
    client, callback, aliyun, phone_only, reply
):
    notify(MUST_KNOW, [phone_only], title="候补成功", url="/h/", urgent=True)
    [sent] = aliyun.requests
    assert sent["PhoneNumbers"] == "+8613800138000"

    response = push_replies(client, callback, [(sent["PhoneNumbers"][3:], reply)])
    assert response.status_code == 200
    assert response.json()["code"] == 0
    assert SmsOptOut.objects.filter(user=phone_only).exists()

    notify(MUST_KNOW, [phone_only], title="会前提醒", url="/h/", urgent=True)
    assert len(aliyun.requests) == 1
    assert Item.objects.filter(recipient=phone_only, title="会前提醒").exists()
    assert not Delivery.objects.filter(item__title="会前提醒").exists()


def test_other_replies_and_unknown_numbers_change_nothing(client, callback, phone_only):
    response = push_replies(
        client, callback, [("13800138000", "好的，收到"), ("13900000000", "TD"), ("abc", "TD")]
    )
    assert response.status_code == 200
    assert not SmsOptOut.objects.exists()


def test_the_callback_needs_its_secret(client, settings, phone_only):
    settings.SMS_INBOUND_TOKEN = TOKEN
    url = reverse("participation_notifications:sms_replies", args=[TOKEN])
    wrong = reverse("participation_notifications:sms_replies", args=["guess"])
    assert push_replies(client, wrong, [("13800138000", "TD")]).status_code == 404
    assert client.get(url).status_code == 405
    settings.SMS_INBOUND_TOKEN = ""  # not configured: the callback does not exist
    assert push_replies(client, url, [("13800138000", "TD")]).status_code == 404
    assert not SmsOptOut.objects.exists()


def test_a_body_that_is_not_a_json_array_is_refused(client, callback):
    response = client.post(callback, "not json", content_type="application/json")
    assert response.status_code == 400
    assert client.post(callback, '{"a": 1}', content_type="application/json").status_code == 400


def test_choosing_sms_again_ends_the_opt_out(client, phone_only, sms_folder):
    SmsOptOut.objects.create(user=phone_only)
    client.force_login(phone_only)
    url = reverse("participation_notifications:preferences")
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data[f"channel:{MUST_KNOW}"] = Channel.SMS
    client.post(url, data)
    assert not SmsOptOut.objects.filter(user=phone_only).exists()
    notify(MUST_KNOW, [phone_only], title="候补成功", url="/h/", urgent=True)
    assert len(read_file_messages(sms_folder)) == 1


def test_the_opt_out_is_in_the_download_and_goes_with_the_account(phone_only):
    from participation.notifications.personal_data import erase_personal_data, personal_data

    SmsOptOut.objects.create(user=phone_only)
    assert personal_data(phone_only).records["sms_opt_out"]
    erase_personal_data(phone_only)
    assert not SmsOptOut.objects.exists()
