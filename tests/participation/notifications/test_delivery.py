"""Delivery by the worker: channels chosen per resident, quiet hours, retries, leases."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from participation.core.notifications import notify
from participation.notifications import delivery
from participation.notifications.models import Channel, Delivery, Item, Preference
from participation.notifications.policy import sms_not_before
from participation.notifications.sms import read_file_messages
from participation.residents.factories import UserFactory

from .fake_aliyun import FakeAliyun

pytestmark = pytest.mark.django_db
Status = Delivery.Status
KIND = "tests_dummy.hand_raised"  # not must-know
MUST_KNOW = "participation_hearings.promoted"


def local(hour, minute=0, day=1):
    return datetime(2026, 12, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(8, 0), local(8, 0)),
        (local(12, 30), local(12, 30)),
        (local(20, 59), local(20, 59)),
        (local(21, 0), local(8, 0, day=2)),
        (local(23, 45), local(8, 0, day=2)),
        (local(0, 10), local(8, 0)),
        (local(7, 59), local(8, 0)),
    ],
)
def test_quiet_hours_hold_sms_until_eight_in_the_morning(settings, now, expected):
    settings.SMS_QUIET_HOURS = (time(21), time(8))
    assert sms_not_before(now, urgent=False) == expected
    assert sms_not_before(now, urgent=True) == now


def test_a_quiet_window_within_one_day_and_none(settings):
    settings.SMS_QUIET_HOURS = (time(12), time(14))
    assert sms_not_before(local(13), urgent=False) == local(14)
    assert sms_not_before(local(15), urgent=False) == local(15)
    settings.SMS_QUIET_HOURS = (time(0), time(0))
    assert sms_not_before(local(23), urgent=False) == local(23)


def test_a_must_know_message_reaches_a_phone_only_resident_by_sms(phone_only, sms_folder):
    Preference.objects.create(user=phone_only, kind=MUST_KNOW, channel=Channel.NONE)
    notify(MUST_KNOW, [phone_only], title="候补成功：停车听证会", url="/h/", urgent=True)
    [sms] = read_file_messages(sms_folder)
    assert sms["phone"] == "+8613800138000"
    assert sms["params"] == {"title": "候补成功：停车听证会"}
    assert "http://testserver/h/" in sms["text"]
    assert Delivery.objects.get().status == Status.SENT


def test_other_messages_reach_a_phone_only_resident_in_the_inbox_only(phone_only, sms_folder):
    notify(KIND, [phone_only], title="有人举手了", url="/")
    assert read_file_messages(sms_folder) == []
    assert not Delivery.objects.exists()
    assert Item.objects.get().recipient == phone_only


def test_a_held_sms_is_sent_by_the_scheduled_command_once_due(phone_only, sms_folder):
    notify(MUST_KNOW, [phone_only], title="候补成功", url="/")
    Delivery.objects.update(status=Status.PENDING, not_before=timezone.now() + timedelta(hours=3))
    call_command("deliver_notifications")
    assert Delivery.objects.get().status == Status.PENDING
    Delivery.objects.update(not_before=timezone.now() - timedelta(seconds=1))
    call_command("deliver_notifications")
    assert Delivery.objects.get().status == Status.SENT


def test_an_item_is_delivered_at_most_once_per_channel(resident, mailoutbox):
    notify(KIND, [resident], title="有人举手了", url="/")
    call_command("deliver_notifications")
    delivery.drain()
    assert len(mailoutbox) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(item=Item.objects.get(), channel=Channel.EMAIL)


def test_a_row_whose_worker_died_is_claimed_again_after_the_lease(resident, mailoutbox):
    notify(KIND, [resident], title="有人举手了", url="/")
    mailoutbox.clear()
    row = Delivery.objects.get()
    # A worker claimed it and died before sending.
    Delivery.objects.update(
        status=Status.SENDING, claimed_until=timezone.now() + delivery.LEASE, claim=None
    )
    assert delivery.drain() == 0
    Delivery.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert delivery.drain() == 1
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(mailoutbox) == 1


@pytest.fixture
def aliyun(settings):
    with FakeAliyun("secret") as fake:
        settings.SMS_BACKEND = "participation.notifications.sms.AliyunBackend"
        settings.SMS_ALIYUN_ENDPOINT = fake.url
        settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "secret"
        settings.SMS_TIMEOUT = 0.3
        yield fake


def phone_residents(count):
    return [UserFactory(email="", phone=f"+86138001380{n:02}") for n in range(count)]


def test_provider_failures_are_retried_with_backoff_then_failed_the_rest_unaffected(aliyun):
    first, second, third = phone_residents(3)
    failing = {"Code": "ServiceUnavailable", "Message": "busy"}
    # Deliveries go in order: the second resident's SMS meets a 503 every time.
    aliyun.replies = [(200, {"Code": "OK", "BizId": "1"}), (503, failing), "hang"]
    notify(MUST_KNOW, [first, second, third], title="候补成功", url="/", urgent=True)
    rows = {row.item.recipient_id: row for row in Delivery.objects.select_related("item")}
    assert rows[first.pk].status == Status.SENT
    assert rows[third.pk].status == Status.PENDING  # timed out: retried later
    failed = rows[second.pk]
    assert failed.status == Status.PENDING
    assert failed.attempts == 1
    assert "HTTP 503" in failed.error
    waits = []
    for _attempt in range(delivery.MAX_ATTEMPTS - 1):
        aliyun.replies = [(503, failing)]
        Delivery.objects.filter(pk=failed.pk).update(not_before=timezone.now())
        before = timezone.now()
        delivery.run_batch(item_ids=[failed.item_id])
        failed.refresh_from_db()
        waits.append(failed.not_before - before)
    assert failed.status == Status.FAILED
    assert failed.attempts == delivery.MAX_ATTEMPTS
    assert "ServiceUnavailable: busy" in failed.error
    assert [round(wait.total_seconds() / 60) for wait in waits[:3]] == [2, 4, 8]


def test_a_number_the_provider_rejects_fails_at_once(aliyun):
    [resident] = phone_residents(1)
    aliyun.replies = [(200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"})]
    notify(MUST_KNOW, [resident], title="候补成功", url="/", urgent=True)
    row = Delivery.objects.get()
    assert row.status == Status.FAILED
    assert row.error == "isv.MOBILE_NUMBER_ILLEGAL: 非法手机号"
