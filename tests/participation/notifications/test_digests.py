"""Daily and weekly digests: one message per resident gathering their pending items, each item
in one digest only, nothing for residents with nothing, weekly ones on their weekday."""

from datetime import time

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from participation.core.notifications import notify
from participation.notifications.models import Channel, Delivery, Preference, Rhythm
from participation.notifications.sms import read_file_messages
from participation.residents.factories import UserFactory

pytestmark = pytest.mark.django_db
KIND = "tests_dummy.hand_raised"
TOPICS = "pages.new_topic"


@pytest.fixture(autouse=True)
def no_quiet_hours(settings):
    settings.SMS_QUIET_HOURS = (time(0), time(0))


def choose(user, rhythm, *kinds, channel=Channel.EMAIL):
    for kind in kinds or (KIND,):
        Preference.objects.create(user=user, kind=kind, channel=channel, rhythm=rhythm)


def digests(*args):
    call_command("send_digests", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115 -- discarded


def test_three_items_make_one_daily_email_and_a_second_run_sends_nothing(resident, mailoutbox):
    choose(resident, Rhythm.DAILY, KIND, TOPICS)
    notify(KIND, [resident], title="有人举手了", url="/blog/a/")
    notify(KIND, [resident], title="又有人举手了", url="/blog/b/")
    notify(TOPICS, [resident], title="新议题：加装电梯", url="/blog/c/")
    assert mailoutbox == []  # the worker leaves digest rows alone
    assert set(Delivery.objects.values_list("digest", "status")) == {
        (Rhythm.DAILY, Delivery.Status.PENDING)
    }

    digests()
    [mail] = mailoutbox
    assert mail.to == [resident.email]
    assert "3" in mail.subject
    for title, url in [
        ("有人举手了", "/blog/a/"),
        ("又有人举手了", "/blog/b/"),
        ("加装电梯", "/blog/c/"),
    ]:
        assert title in mail.body
        assert f"http://testserver{url}" in mail.body
    assert "http://testserver/participate/participation_notifications/" in mail.body
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.extra_headers["List-Unsubscribe"].strip("<>") in mail.body
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}

    digests()
    assert len(mailoutbox) == 1


def test_an_item_after_the_run_comes_in_the_next_digest_alone(resident, mailoutbox):
    choose(resident, Rhythm.DAILY)
    notify(KIND, [resident], title="第一条", url="/")
    digests()
    notify(KIND, [resident], title="第二条", url="/")
    digests()
    first, second = mailoutbox
    assert "第一条" in first.body
    assert "第二条" in second.body
    assert "第一条" not in second.body


def test_residents_with_nothing_get_nothing_and_each_resident_their_own(mailoutbox):
    wang, li, zhao = UserFactory.create_batch(3)
    choose(wang, Rhythm.DAILY)
    choose(li, Rhythm.DAILY)
    notify(KIND, [wang], title="给王", url="/w/")
    notify(KIND, [wang, li], title="给王和李", url="/wl/")
    notify(KIND, [zhao], title="给赵（立即）", url="/z/")
    [immediate] = mailoutbox
    assert immediate.to == [zhao.email]
    mailoutbox.clear()
    Preference.objects.create(user=zhao, kind=TOPICS, channel=Channel.EMAIL, rhythm=Rhythm.DAILY)
    digests()
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {wang.email, li.email}
    assert "给王" in by_address[wang.email].body
    assert "给王" not in by_address[li.email].body.replace("给王和李", "")


def test_weekly_digests_go_out_only_on_their_weekday(settings, resident, mailoutbox):
    choose(resident, Rhythm.WEEKLY)
    notify(KIND, [resident], title="本周的举手", url="/")
    today = timezone.localdate().isoweekday()
    settings.NOTIFICATION_WEEKLY_DIGEST_DAY = today % 7 + 1  # tomorrow
    digests()
    assert mailoutbox == []
    settings.NOTIFICATION_WEEKLY_DIGEST_DAY = today
    digests()
    [mail] = mailoutbox
    assert "每周" in mail.subject
    assert "本周的举手" in mail.body


def test_a_daily_run_leaves_weekly_items_alone(resident, mailoutbox):
    choose(resident, Rhythm.WEEKLY)
    notify(KIND, [resident], title="本周的举手", url="/")
    digests("--rhythm", "daily")
    assert mailoutbox == []
    digests("--rhythm", "weekly")
    assert len(mailoutbox) == 1


def test_a_phone_digest_is_one_sms_with_the_count_and_the_inbox(phone_only, sms_folder):
    choose(phone_only, Rhythm.DAILY, channel=Channel.SMS)
    for n in range(3):
        notify(KIND, [phone_only], title=f"举手 {n}", url=f"/{n}/")
    assert read_file_messages(sms_folder) == []
    digests()
    [sms] = read_file_messages(sms_folder)
    assert sms["phone"] == "+8613800138000"
    assert "3" in sms["params"]["title"]
    assert "http://testserver/participate/participation_notifications/" in sms["text"]
    digests()
    assert len(read_file_messages(sms_folder)) == 1


def test_one_click_in_a_digest_stops_the_emails_of_its_kinds(resident, mailoutbox):
    choose(resident, Rhythm.DAILY, KIND, TOPICS)
    notify(KIND, [resident], title="有人举手了", url="/")
    notify(TOPICS, [resident], title="新议题", url="/")
    digests()
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    response = Client(enforce_csrf_checks=True).post(link.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert set(Preference.objects.values_list("kind", "channel", "rhythm")) == {
        (KIND, Channel.NONE, Rhythm.DAILY),
        (TOPICS, Channel.NONE, Rhythm.DAILY),
    }


def test_a_failed_digest_is_kept_for_the_next_run(resident, mailoutbox, settings):
    choose(resident, Rhythm.DAILY)
    notify(KIND, [resident], title="有人举手了", url="/")
    settings.EMAIL_BACKEND = "tests.participation.notifications.test_digests.RefusingBackend"
    digests()
    row = Delivery.objects.get()
    assert row.status == Delivery.Status.PENDING
    assert "ConnectionRefusedError" in row.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Delivery.objects.update(not_before=timezone.now())
    digests()
    assert len(mailoutbox) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT


class RefusingBackend:
    """An SMTP server that is down."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("down")
