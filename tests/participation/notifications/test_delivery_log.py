"""The delivery log in the admin: who may read it and retry, contacts masked, filters,
failures with the provider's reason, bounces, and the retry of failed deliveries."""

from smtplib import SMTPRecipientsRefused

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from participation.core.notifications import notify
from participation.notifications.delivery_log import mask_email, mask_phone
from participation.notifications.models import Delivery
from participation.notifications.sms import read_file_messages
from participation.residents.factories import UserFactory

from .fake_aliyun import FakeAliyun

pytestmark = pytest.mark.django_db
Status = Delivery.Status
LOG = reverse("participation_notifications_admin:deliveries")
RETRY = reverse("participation_notifications_admin:retry")
MUST_KNOW = "participation_hearings.promoted"
KIND = "tests_dummy.hand_raised"


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses every recipient (the mailbox does not exist)."""

    def send_messages(self, messages):
        raise SMTPRecipientsRefused({"x@example.com": (550, b"no such mailbox")})


@pytest.fixture
def failed_sms(settings, phone_only):
    """An SMS the provider refused, with its reason, through the fake provider's endpoint."""
    settings.SMS_BACKEND = "participation.notifications.sms.AliyunBackend"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "key"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "secret"
    with FakeAliyun("secret") as aliyun:
        settings.SMS_ALIYUN_ENDPOINT = aliyun.url
        aliyun.replies = [(200, {"Code": "isv.AMOUNT_NOT_ENOUGH", "Message": "账户余额不足"})]
        notify(MUST_KNOW, [phone_only], title="候补成功", url="/h/", urgent=True)
    return Delivery.objects.get(item__recipient=phone_only)


def test_masks_show_only_what_tells_rows_apart():
    assert mask_email("wang.ayi@example.com") == "w***@example.com"
    assert mask_phone("+8613800138000") == "138****8000"
    assert mask_email("") == mask_phone(None) == ""


def test_staff_without_the_permission_cannot_read_the_log(client, editor, failed_sms):
    client.force_login(editor)
    response = client.get(LOG)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_the_log_shows_the_reason_and_a_masked_phone(client, editor, grant, failed_sms):
    assert failed_sms.status == Status.FAILED
    client.force_login(grant(editor, "view_delivery"))
    response = client.get(LOG, {"status": "failed", "channel": "sms"})
    assert response.status_code == 200
    assert "isv.AMOUNT_NOT_ENOUGH: 账户余额不足" in response.text
    assert "138****8000" in response.text
    assert "13800138000" not in response.text
    assert [row[0].pk for row in response.context["rows"]] == [failed_sms.pk]
    assert "候补转为正式报名" in response.text  # the kind as residents' settings name it
    assert not client.get(LOG, {"status": "sent"}).context["rows"]
    assert not client.get(LOG, {"channel": "email"}).context["rows"]
    # No retry box without the retry permission.
    assert 'name="delivery"' not in response.text
    assert client.get(LOG, {"status": "²", "broadcast": "x"}).status_code == 200


def test_retry_needs_its_permission_and_sends_again(
    client, editor, grant, failed_sms, sms_folder, settings
):
    settings.SMS_BACKEND = "participation.notifications.sms.FileBackend"
    client.force_login(grant(editor, "view_delivery"))
    client.post(RETRY, {"delivery": [failed_sms.pk]})
    failed_sms.refresh_from_db()
    assert failed_sms.status == Status.FAILED
    assert read_file_messages(sms_folder) == []

    client.force_login(grant(editor, "view_delivery", "retry_delivery"))
    assert 'name="delivery"' in client.get(LOG).text
    response = client.post(RETRY, {"delivery": [failed_sms.pk], "query": "status=failed"})
    assert response["Location"] == f"{LOG}?status=failed"
    failed_sms.refresh_from_db()
    assert (failed_sms.status, failed_sms.error) == (Status.SENT, "")
    [sms] = read_file_messages(sms_folder)
    assert sms["phone"] == "+8613800138000"


def test_retry_leaves_sent_and_bounced_deliveries_alone(client, editor, grant, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    resident = UserFactory()
    notify(KIND, [resident], title="有人举手", url="/")
    bounced = Delivery.objects.get()
    assert bounced.status == Status.BOUNCED
    assert "no such mailbox" in bounced.error
    client.force_login(grant(editor, "view_delivery", "retry_delivery"))
    response = client.post(RETRY, {"delivery": [bounced.pk, "x"]}, follow=True)
    assert "没有选中发送失败的投递" in response.text
    bounced.refresh_from_db()
    assert bounced.status == Status.BOUNCED
    assert "r***@example.com" in client.get(LOG, {"status": "bounced"}).text


def test_the_log_filters_by_notice(client, editor, grant, failed_sms):
    client.force_login(grant(editor, "view_delivery"))
    assert not client.get(LOG, {"broadcast": "12345"}).context["rows"]
