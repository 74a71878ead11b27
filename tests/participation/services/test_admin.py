"""The roster in the admin: changing a duty's cadre is a swap, emptying it flags the bookings,
and recording leave takes the cadre off their duties in it."""

import pytest
from django.utils import timezone

from participation.residents.factories import UserFactory
from participation.services import services
from participation.services.models import Booking, Duty

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


@pytest.fixture
def booked(module, resident, matter, duty):
    return services.book(
        module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )


def duty_form(duty, cadre):
    local = timezone.localtime
    return {
        "starts_at": local(duty.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends_at": local(duty.ends_at).strftime("%Y-%m-%d %H:%M"),
        "cadre": cadre.pk if cadre else "",
        "capacity": duty.capacity,
        "venue": duty.venue,
        "note": "换班",
    }


def test_changing_the_cadre_in_the_admin_is_a_swap(client, admin_user, duty, booked, cadre):
    other = UserFactory(is_staff=True, display_name="陈委员")
    client.force_login(admin_user)
    url = f"/admin/participation_services/duty/edit/{duty.pk}/"
    response = client.post(url, duty_form(duty, other))
    assert response.status_code == 302, response.content.decode()[:2000]
    duty.refresh_from_db()
    assert (duty.cadre, duty.swapped_from) == (other, cadre)
    assert not Booking.objects.get(pk=booked.pk).needs_reassignment


def test_emptying_the_cadre_in_the_admin_flags_the_bookings(client, admin_user, duty, booked):
    client.force_login(admin_user)
    client.post(f"/admin/participation_services/duty/edit/{duty.pk}/", duty_form(duty, None))
    assert Duty.objects.get(pk=duty.pk).cadre is None
    assert Booking.objects.get(pk=booked.pk).needs_reassignment


def test_recording_leave_in_the_admin_takes_the_cadre_off_their_duties(
    client, admin_user, duty, booked, cadre
):
    day = timezone.localdate(duty.starts_at)
    client.force_login(admin_user)
    response = client.post(
        "/admin/participation_services/leave/create/",
        {"cadre": cadre.pk, "starts_on": day, "ends_on": day, "reason": "病假"},
    )
    assert response.status_code == 302
    assert Duty.objects.get(pk=duty.pk).cadre is None
    booking = Booking.objects.get(pk=booked.pk)
    assert booking.needs_reassignment
    assert booking.is_active
