"""The first producer end to end: a hearing's registration, promotion and reminder reach the
inbox, and e-mail or (for a resident with only a phone) SMS."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.hearings import services
from participation.hearings.models import Registration
from participation.notifications.models import Delivery, Item
from participation.notifications.sms import read_file_messages
from participation.residents.factories import VerifiedResidentFactory
from tests.participation.hearings.conftest import make_hearing, notice_page  # noqa: F401 -- fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_quiet_hours(settings):
    """These tests are about who gets what, at any hour they run (quiet hours: test_delivery)."""
    settings.SMS_QUIET_HOURS = (time(0), time(0))


@pytest.fixture
def phone_resident(db):
    return VerifiedResidentFactory(email="", phone="+8613900139000", display_name="李大爷")


def test_a_phone_only_resident_promoted_from_the_waiting_list_gets_an_sms(
    notice_page,  # noqa: F811 -- the fixture imported above
    phone_resident,
    sms_folder,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    hearing = make_hearing(notice_page, capacity=1)
    first = VerifiedResidentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        taken = services.register(first, hearing)
        services.register(phone_resident, hearing)
    [confirmation] = mailoutbox
    assert confirmation.to == [first.email]
    [waiting_sms] = read_file_messages(sms_folder)
    assert waiting_sms["phone"] == "+8613900139000"
    assert "已进入候补名单" in waiting_sms["params"]["title"]

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(first, taken.pk)

    assert mailoutbox == []
    promoted_sms = read_file_messages(sms_folder)[-1]
    assert promoted_sms["phone"] == "+8613900139000"
    assert promoted_sms["params"]["title"].startswith("候补成功")
    assert hearing.page.url in promoted_sms["text"]
    inbox = list(Item.objects.filter(recipient=phone_resident).values_list("kind", flat=True))
    assert inbox == [
        "participation_hearings.promoted",
        "participation_hearings.registration_confirmed",
    ]
    assert set(
        Delivery.objects.filter(item__recipient=phone_resident).values_list("channel", "status")
    ) == {("sms", Delivery.Status.SENT)}


def test_the_resident_with_an_email_still_gets_the_email_with_the_ticket(
    notice_page,  # noqa: F811 -- the fixture imported above
    sms_folder,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    hearing = make_hearing(notice_page, capacity=1)
    first, second = VerifiedResidentFactory.create_batch(2)
    services.register(first, hearing)
    services.register(second, hearing)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(first, Registration.objects.get(author=first).pk)
    [mail] = mailoutbox
    assert mail.to == [second.email]
    assert "候补成功" in mail.subject
    assert Registration.objects.get(author=second).code in mail.body
    assert {name for name, _content, _type in mail.attachments} >= {"hearing.ics"}
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert read_file_messages(sms_folder) == []
    assert Item.objects.get(recipient=second).kind == "participation_hearings.promoted"


def test_the_reminder_reaches_a_phone_only_resident(
    notice_page,  # noqa: F811 -- the fixture imported above
    phone_resident,
    sms_folder,
):
    day = timezone.localdate() + timedelta(days=1)
    starts = datetime.combine(day, time(9), tzinfo=timezone.get_current_timezone())
    hearing = make_hearing(notice_page, starts_at=starts, ends_at=starts + timedelta(hours=2))
    services.register(phone_resident, hearing)
    call_command("send_hearing_reminders")
    [reminder] = read_file_messages(sms_folder)
    assert reminder["params"]["title"].startswith("明天开会提醒")
