"""Booking: a verified resident picks a matter and a slot, asks for a time, or hands it over;
bad input is refused with a clear message and nothing is stored."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.residents.factories import UserFactory
from participation.services.models import Booking

from .conftest import make_duty

pytestmark = pytest.mark.django_db


def book_url(module):
    return reverse("participation_services:book", args=[module.pk])


def post(client, user, module, **data):
    client.force_login(user)
    return client.post(book_url(module), data)


def test_a_verified_resident_books_a_slot_and_follows_it(client, module, resident, matter, duty):
    response = post(
        client, resident, module, matter=matter.pk, mode="visit", duty=duty.pk, details="开居住证明"
    )
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participation_services:booking", args=[booking.pk])
    assert (booking.author, booking.duty, booking.status, booking.channel) == (
        resident,
        duty,
        "submitted",
        "online",
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "证明开具" in page.content.decode()
    assert "已提交" in page.content.decode()


def test_the_booking_form_lists_free_slots(client, module, resident, matter, duty):
    client.force_login(resident)
    response = client.get(book_url(module))
    assert response.status_code == 200
    assert f'value="{duty.pk}"' in response.content.decode()


def test_an_unverified_account_cannot_book(client, module, matter, duty):
    response = post(client, UserFactory(), module, matter=matter.pk, mode="visit", duty=duty.pk)
    assert response.status_code == 200
    assert "只有已认证的居民可以预约" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_full_slot_offers_the_next_free_ones(client, module, resident, neighbour, matter, cadre):
    full = make_duty(cadre, days=2, capacity=1)
    later = make_duty(cadre, days=3, capacity=1)
    post(client, neighbour, module, matter=matter.pk, mode="visit", duty=full.pk)
    response = post(client, resident, module, matter=matter.pk, mode="visit", duty=full.pk)
    body = response.content.decode()
    assert "这个时段已经约满" in body
    assert "还有空位的时段" in body
    assert f'value="{later.pk}"' in body
    assert not Booking.objects.filter(author=resident).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "visit", "duty": 999999}, "所选时段不在当班轮流表内"),
        ({"mode": "visit", "duty": "abc"}, "所选时段不在当班轮流表内"),
        ({"mode": "visit"}, "请选择一个当班时段"),
        ({"mode": "delegate"}, "不能代办"),
        ({"mode": "ask_time"}, "请填写您希望办理的时间"),
        ({"mode": "ask_time", "requested_time": "2020-01-01T19:00"}, "希望的时间已经过去"),
        ({"mode": "ask_time", "requested_time": "明天晚上"}, "请按“年-月-日 时:分”填写时间"),
        ({"mode": "teleport"}, "请选择办理方式"),
        ({"mode": "visit", "matter": 999999}, "请选择服务目录中的事项"),
        (
            {"mode": "ask_time", "requested_time": "2099-01-01T19:00", "details": "长" * 3000},
            "最多 1000 字（现在 3000 字）",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, module, resident, matter, data, message):
    response = post(client, resident, module, **{"matter": matter.pk, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_a_slot_in_the_past_is_refused(client, module, resident, matter, cadre):
    past = make_duty(cadre, days=-1)
    response = post(client, resident, module, matter=matter.pk, mode="visit", duty=past.pk)
    assert "这个时段已经开始或已经过去" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_slot_without_a_cadre_is_refused(client, module, resident, matter):
    empty = make_duty(None)
    response = post(client, resident, module, matter=matter.pk, mode="visit", duty=empty.pk)
    assert "暂时没有干部当班" in response.content.decode()
    assert not Booking.objects.exists()


def test_delegating_a_matter_that_allows_it_needs_no_slot(client, module, resident, delegable):
    post(client, resident, module, matter=delegable.pk, mode="delegate", details="代办医保")
    booking = Booking.objects.get()
    assert (booking.mode, booking.duty) == ("delegate", None)


def test_asking_for_a_time(client, module, resident, matter):
    when = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    post(client, resident, module, matter=matter.pk, mode="ask_time", requested_time=when)
    assert Booking.objects.get().requested_time is not None


def test_booking_the_same_slot_twice_is_refused(client, module, resident, matter, duty):
    post(client, resident, module, matter=matter.pk, mode="visit", duty=duty.pk)
    response = post(client, resident, module, matter=matter.pk, mode="visit", duty=duty.pk)
    assert "您已经预约了这个时段" in response.content.decode()
    assert Booking.objects.count() == 1


def test_cancel_until_the_slot_starts(client, module, resident, matter, duty):
    post(client, resident, module, matter=matter.pk, mode="visit", duty=duty.pk)
    booking = Booking.objects.get()
    url = reverse("participation_services:cancel", args=[booking.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_no_cancelling_once_the_slot_has_started(client, module, resident, matter, duty):
    post(client, resident, module, matter=matter.pk, mode="visit", duty=duty.pk)
    booking = Booking.objects.get()
    type(duty).objects.filter(pk=duty.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=1)
    )
    response = client.post(reverse("participation_services:cancel", args=[booking.pk]), follow=True)
    assert "预约的时段已经开始，不能再取消" in response.content.decode()
    assert Booking.objects.get().status == "submitted"


def test_a_resident_never_sees_or_touches_anothers_booking(
    client, module, resident, neighbour, matter, duty
):
    post(client, resident, module, matter=matter.pk, mode="visit", duty=duty.pk, details="我的私事")
    booking = Booking.objects.get()
    client.force_login(neighbour)
    for name in ("booking", "cancel", "calendar"):
        response = client.get(reverse(f"participation_services:{name}", args=[booking.pk]))
        assert response.status_code == 404, name
        assert "我的私事" not in response.content.decode()
    assert (
        client.post(reverse("participation_services:cancel", args=[booking.pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("participation_services:rate", args=[booking.pk]), {"rating": "satisfied"}
        ).status_code
        == 404
    )
    assert Booking.objects.get().status == "submitted"


def test_the_slot_comes_as_an_ics_file(client, module, resident, matter, duty):
    post(client, resident, module, matter=matter.pk, mode="visit", duty=duty.pk)
    booking = Booking.objects.get()
    response = client.get(reverse("participation_services:calendar", args=[booking.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body
    assert "DTSTART" in body
    assert "证明开具" in body
    assert "身份证" in body


def test_anonymous_visitors_are_sent_to_sign_in(client, module):
    response = client.get(book_url(module))
    assert response.status_code == 302
    assert "login" in response["Location"]
