"""Exact capacity under real parallel requests (PostgreSQL; SQLite serialises writers)."""

import pytest
from django.test import Client
from django.urls import reverse

from participation.residents.factories import VerifiedResidentFactory
from participation.services.models import Booking
from tests.concurrency import run_in_parallel

from .conftest import make_duty

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def book_as(user, url, data):
    client = Client()
    client.force_login(user)
    response = client.post(url, data)
    return response.status_code


def test_two_residents_booking_the_last_place_at_once_exactly_one_gets_it(module, matter, cadre):
    url = reverse("participation_services:book", args=[module.pk])
    for _round in range(5):  # a race lost by luck once would not prove much
        duty = make_duty(cadre, capacity=2)
        Booking.objects.create(
            module=module, author=VerifiedResidentFactory(), matter=matter, mode="visit", duty=duty
        )
        residents = VerifiedResidentFactory.create_batch(2)
        data = {"matter": matter.pk, "mode": "visit", "duty": duty.pk}
        statuses = run_in_parallel(book_as, [(resident, url, data) for resident in residents])
        # 302 to the booking's page for the winner, 200 (the form, "约满") for the other
        assert sorted(statuses) == [200, 302]
        assert duty.bookings.filter(status__in=Booking.ACTIVE).count() == 2


def test_forty_residents_for_five_places(module, matter, cadre):
    duty = make_duty(cadre, capacity=5)
    url = reverse("participation_services:book", args=[module.pk])
    residents = VerifiedResidentFactory.create_batch(40)
    data = {"matter": matter.pk, "mode": "visit", "duty": duty.pk}
    statuses = run_in_parallel(book_as, [(resident, url, data) for resident in residents])
    assert statuses.count(302) == 5
    assert duty.bookings.count() == 5
    assert len(set(duty.bookings.values_list("author_id", flat=True))) == 5


def test_one_resident_clicking_many_times_at_once_books_once(module, matter, cadre):
    duty = make_duty(cadre, capacity=10)
    resident = VerifiedResidentFactory()
    url = reverse("participation_services:book", args=[module.pk])
    data = {"matter": matter.pk, "mode": "visit", "duty": duty.pk}
    run_in_parallel(book_as, [(resident, url, data)] * 8)
    assert Booking.objects.filter(author=resident).count() == 1
