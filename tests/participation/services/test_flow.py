"""The status flow in the cadres' desk: accept, reply, done or decline, messages; the resident is
told and rates it; only the cadre of the duty (or the desk) handles a booking."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from participation.residents.factories import UserFactory
from participation.services import services
from participation.services.models import Booking, BookingMessage

from .conftest import make_duty

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(module, resident, matter, duty):
    return services.book(
        module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )


def handle_url(booking):
    return reverse("participation_services_admin:handle", args=[booking.pk])


def act(client, user, booking, action, **data):
    client.force_login(user)
    return client.post(handle_url(booking), {"action": action, **data})


def test_the_cadre_on_duty_accepts_replies_and_closes(
    client, booking, cadre, resident, notifications
):
    assert act(client, cadre, booking, "accept").status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.cadre) == ("accepted", cadre)
    act(client, cadre, booking, "start")
    act(client, cadre, booking, "reply", reply="已为您开具居住证明。", result="已开具")
    act(client, cadre, booking, "done")
    booking.refresh_from_db()
    assert booking.status == "done"
    assert booking.replied_at
    assert booking.done_at
    assert notifications == [
        ("participation_services.accepted", [resident.pk]),
        ("participation_services.replied", [resident.pk]),
    ]


def test_the_resident_rates_once_after_done(client, booking, cadre, resident, notifications):
    for step in ("accept", "start"):
        act(client, cadre, booking, step)
    act(client, cadre, booking, "reply", reply="答复")
    rate_url = reverse("participation_services:rate", args=[booking.pk])
    client.force_login(resident)
    response = client.post(rate_url, {"rating": "satisfied"}, follow=True)
    assert "办结以后才能评价" in response.content.decode()
    act(client, cadre, booking, "done")
    client.force_login(resident)
    page = client.get(reverse("participation_services:booking", args=[booking.pk])).content.decode()
    assert "评价这次办理" in page
    response = client.post(rate_url, {"rating": "nonsense"}, follow=True)
    assert "请选择满意、基本满意或不满意" in response.content.decode()
    client.post(rate_url, {"rating": "basically", "comment": "等了一会儿"})
    again = client.post(rate_url, {"rating": "satisfied"}, follow=True)
    assert "您已经评价过了" in again.content.decode()
    booking.refresh_from_db()
    assert (booking.rating, booking.rating_comment) == ("basically", "等了一会儿")


def test_declining_needs_a_reason_that_the_resident_reads(
    client, booking, cadre, resident, notifications
):
    response = act(client, cadre, booking, "decline", reason="  ")
    assert "不予受理时请写明理由" in response.content.decode()
    assert Booking.objects.get().status == "submitted"
    act(client, cadre, booking, "decline", reason="居住证需本人到派出所办理。")
    client.force_login(resident)
    page = client.get(reverse("participation_services:booking", args=[booking.pk])).content.decode()
    assert "不予受理" in page
    assert "居住证需本人到派出所办理。" in page
    assert ("participation_services.declined", [resident.pk]) in notifications


def test_messages_from_the_cadre_show_on_the_residents_page(
    client, booking, cadre, resident, notifications
):
    act(client, cadre, booking, "message", text="请带上户口本原件。")
    assert BookingMessage.objects.get().text == "请带上户口本原件。"
    client.force_login(resident)
    page = client.get(reverse("participation_services:booking", args=[booking.pk])).content.decode()
    assert "请带上户口本原件。" in page
    too_long = act(client, cadre, booking, "message", text="字" * 3000)
    assert "最多 1000 字" in too_long.content.decode()
    assert BookingMessage.objects.count() == 1


def test_a_step_out_of_order_is_refused(client, booking, cadre):
    response = act(client, cadre, booking, "done", follow=True)
    assert "不能改为" in response.content.decode()
    assert Booking.objects.get().status == "submitted"


def test_another_cadre_cannot_handle_a_booking_of_someone_elses_duty(client, booking, cadre):
    other = UserFactory(is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = act(client, other, booking, "accept")
    assert response.status_code == 302  # Wagtail's refusal: back to the dashboard
    assert response["Location"] == "/admin/"
    assert Booking.objects.get().status == "submitted"


def test_the_desk_handles_every_booking(client, booking, desk_staff, notifications):
    act(client, desk_staff, booking, "accept")
    assert Booking.objects.get().status == "accepted"


def test_residents_never_reach_the_desk(client, booking, resident):
    client.force_login(resident)
    for url in (
        reverse("participation_services_admin:desk"),
        reverse("participation_services_admin:log"),
        reverse("participation_services_admin:checks"),
        handle_url(booking),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "证明开具" not in response.content.decode()


def test_the_cadre_sees_their_bookings_on_the_desk(client, booking, cadre, resident):
    client.force_login(cadre)
    page = client.get(reverse("participation_services_admin:desk")).content.decode()
    assert f"#{booking.pk}" in page
    assert str(resident) in page


def test_staff_record_a_phone_request_with_consent(client, module, cadre, resident, matter, duty):
    client.force_login(cadre)
    url = reverse("participation_services_admin:on_behalf")
    data = {
        "channel": "phone",
        "resident": resident.username,
        "matter": matter.pk,
        "mode": "visit",
        "duty": duty.pk,
    }
    refused = client.post(url, data)
    assert "请确认居民同意由工作人员代为登记" in refused.content.decode()
    assert not Booking.objects.exists()
    client.post(url, {**data, "consent": "on"})
    booking = Booking.objects.get()
    assert (booking.author, booking.channel, booking.recorded_by, booking.consent) == (
        resident,
        "phone",
        cadre,
        True,
    )


def test_staff_record_a_walk_in_without_an_account(client, module, cadre, duty, delegable):
    client.force_login(cadre)
    url = reverse("participation_services_admin:on_behalf")
    data = {"channel": "walk_in", "matter": delegable.pk, "mode": "delegate", "consent": "on"}
    assert "请选择居民账号，或填写来访人姓名" in client.post(url, data).content.decode()
    unknown = client.post(url, {**data, "resident": "nobody-here"})
    assert "没有找到这个居民账号" in unknown.content.decode()
    client.post(url, {**data, "visitor_name": "王阿姨"})
    booking = Booking.objects.get()
    assert (booking.author, booking.visitor_name, booking.channel) == (None, "王阿姨", "walk_in")


def test_a_cadre_taken_off_the_roster_leaves_bookings_flagged_not_dropped(
    module, resident, neighbour, matter, cadre
):
    duty = make_duty(cadre)
    first = services.book(
        module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )
    second = services.book(
        module, neighbour, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )
    services.accept(second.pk, cadre)
    assert services.remove_cadre(duty.pk, "病假") == 2
    for booking in (first, second):
        booking.refresh_from_db()
        assert booking.needs_reassignment
        assert booking.cadre is None
        assert booking.is_active
    assert Booking.objects.count() == 2


def test_a_swap_hands_the_duty_and_its_bookings_to_the_new_cadre(module, resident, matter, cadre):
    duty = make_duty(cadre)
    booking = services.book(
        module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )
    services.accept(booking.pk, cadre)
    other = UserFactory(is_staff=True, display_name="陈书记")
    services.swap(duty.pk, other, "换班")
    booking.refresh_from_db()
    duty.refresh_from_db()
    assert (duty.cadre, duty.swapped_from, booking.cadre) == (other, cadre, other)
