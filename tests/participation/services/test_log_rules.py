"""The duty log: entries are append-only once replied; corrections are new entries; overdue."""

from datetime import timedelta

import pytest
from django.utils import timezone

from participation.services import services
from participation.services.models import Booking, EntryLocked

pytestmark = pytest.mark.django_db


def replied_booking(module, resident, matter, duty, cadre):
    booking = services.book(
        module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )
    services.accept(booking.pk, cadre)
    return services.reply(booking.pk, cadre, "证明已开好，请带身份证来取。", "已开具")


def test_a_replied_entry_cannot_be_changed_or_deleted(
    module, resident, matter, duty, cadre, notifications
):
    booking = replied_booking(module, resident, matter, duty, cadre)
    booking.reply = "改过的答复"
    with pytest.raises(EntryLocked):
        booking.save()
    booking.refresh_from_db()
    with pytest.raises(EntryLocked):
        booking.delete()
    assert Booking.objects.get(pk=booking.pk).reply == "证明已开好，请带身份证来取。"


def test_a_replied_entry_still_closes_and_takes_a_rating(
    module, resident, matter, duty, cadre, notifications
):
    booking = replied_booking(module, resident, matter, duty, cadre)
    services.complete(booking.pk, cadre)
    services.rate(resident, booking.pk, "satisfied", "很方便")
    booking.refresh_from_db()
    assert (booking.status, booking.rating) == ("done", "satisfied")


def test_an_entry_before_its_reply_may_still_change(module, resident, matter, duty, notifications):
    booking = services.book(
        module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )
    booking.details = "补充说明"
    booking.save()
    assert Booking.objects.get(pk=booking.pk).details == "补充说明"


def test_a_correction_is_a_new_entry_that_refers_to_the_old(
    module, resident, matter, duty, cadre, notifications
):
    booking = replied_booking(module, resident, matter, duty, cadre)
    correction = services.correct(booking.pk, cadre, "更正：证明需社区盖章后领取。")
    assert correction.pk != booking.pk
    assert correction.corrects_id == booking.pk
    assert Booking.objects.get(pk=booking.pk).reply == "证明已开好，请带身份证来取。"
    assert list(booking.corrections.all()) == [correction]


def test_correcting_an_unreplied_entry_is_refused(module, resident, matter, duty, cadre):
    booking = services.book(
        module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )
    with pytest.raises(services.BookingError, match="还没有答复"):
        services.correct(booking.pk, cadre, "更正")
    assert Booking.objects.count() == 1


def test_overdue_is_no_reply_within_the_matters_time_limit(
    module, resident, matter, duty, cadre, notifications
):
    booking = services.book(
        module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )
    later = booking.created_at + timedelta(days=matter.reply_days, minutes=1)
    assert not booking.is_overdue(booking.created_at + timedelta(days=1))
    assert booking.is_overdue(later)
    Booking.objects.filter(pk=booking.pk).update(created_at=timezone.now() - timedelta(days=4))
    services.accept(booking.pk, cadre)
    late = services.reply(booking.pk, cadre, "答复")
    assert late.is_overdue()  # replied after the limit: it stays overdue in the checks
    declined = services.book(
        module,
        resident,
        services.Request(
            matter=matter, mode="ask_time", requested_time=timezone.now() + timedelta(days=1)
        ),
    )
    services.decline(declined.pk, cadre, "不属于社区办理范围")
    declined.refresh_from_db()
    assert not declined.is_overdue(later + timedelta(days=30))
