"""Reminder e-mails the day before: queued by a daily command, run as background tasks, once."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.hearings import services, tasks
from participation.hearings.models import Hearing, Registration
from participation.residents.factories import VerifiedResidentFactory

from .conftest import make_hearing

pytestmark = pytest.mark.django_db


def tomorrow_at(hour):
    day = timezone.localdate() + timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def tomorrows(notice_page):
    return make_hearing(notice_page, capacity=2, starts_at=tomorrow_at(9), ends_at=tomorrow_at(11))


def test_confirmed_attendees_of_tomorrows_hearing_get_one_reminder(
    tomorrows, notice_page, mailoutbox
):
    later = make_hearing(notice_page, title="下周的会")
    confirmed = [
        services.register(person, tomorrows) for person in VerifiedResidentFactory.create_batch(2)
    ]
    services.register(VerifiedResidentFactory(), tomorrows)  # waiting: no reminder
    services.register(VerifiedResidentFactory(), later)
    mailoutbox.clear()

    call_command("send_hearing_reminders")

    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(r.author.email for r in confirmed)
    assert all("明天开会提醒" in mail.subject for mail in mailoutbox)
    assert all(any(a[0] == "hearing.ics" for a in mail.attachments) for mail in mailoutbox)
    sent = Registration.objects.filter(reminder_sent_at__isnull=False)
    assert set(sent.values_list("pk", flat=True)) == {r.pk for r in confirmed}

    mailoutbox.clear()
    call_command("send_hearing_reminders")
    tasks.send_hearing_reminders.enqueue(tomorrows.pk)
    assert mailoutbox == []


def test_only_hearings_starting_tomorrow_are_due(notice_page, tomorrows):
    services.register(VerifiedResidentFactory(), tomorrows)
    today = make_hearing(notice_page, starts_at=timezone.now() + timedelta(minutes=30))
    services.register(VerifiedResidentFactory(), today)
    # Starting now: today whatever the hour (half an hour on could be tomorrow near midnight).
    Hearing.objects.filter(pk=today.pk).update(starts_at=timezone.now())
    in_two_days = make_hearing(notice_page, starts_at=tomorrow_at(10) + timedelta(days=1))
    services.register(VerifiedResidentFactory(), in_two_days)
    assert [hearing.pk for hearing in tasks.hearings_due_for_reminders()] == [tomorrows.pk]


def test_claiming_a_reminder_succeeds_once(tomorrows, resident):
    registration = services.register(resident, tomorrows)
    assert tasks.claim_reminder(registration.pk) is True
    assert tasks.claim_reminder(registration.pk) is False


def test_a_registration_promoted_after_the_reminders_still_gets_one(tomorrows, mailoutbox):
    first, second, waiting = (
        services.register(person, tomorrows) for person in VerifiedResidentFactory.create_batch(3)
    )
    call_command("send_hearing_reminders")
    services.cancel(first.author, first.pk)
    mailoutbox.clear()
    call_command("send_hearing_reminders")
    assert [mail.to[0] for mail in mailoutbox] == [waiting.author.email]


def test_a_failed_reminder_is_retried_by_the_next_run(tomorrows, resident, mailoutbox, monkeypatch):
    registration = services.register(resident, tomorrows)
    mailoutbox.clear()

    def fail(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr(tasks, "_send", fail)
    with pytest.raises(ConnectionRefusedError):
        tasks.send_hearing_reminders.call(tomorrows.pk)
    registration.refresh_from_db()
    assert registration.reminder_sent_at is None
    monkeypatch.undo()
    call_command("send_hearing_reminders")
    assert [mail.to[0] for mail in mailoutbox] == [resident.email]
