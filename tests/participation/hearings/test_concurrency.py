"""Exact capacity under real parallel requests (PostgreSQL; SQLite serialises writers).

Arrival order is the order in which registrations obtained the lock on the hearing row:
``position`` (and ``created_at``) are assigned inside that locked transaction.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.hearings import services
from participation.hearings.models import Registration
from participation.hearings.services import CheckIn
from participation.residents.factories import VerifiedResidentFactory
from tests.concurrency import run_in_parallel

from .conftest import make_hearing

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
Status = Registration.Status


def post_as(user, url):
    client = Client()
    client.force_login(user)
    return client.post(url).status_code


def test_100_residents_register_in_parallel_for_30_seats_then_10_cancel(notice_page):
    hearing = make_hearing(notice_page, capacity=30, waiting_list=True)
    residents = VerifiedResidentFactory.create_batch(100)
    url = reverse("participation_hearings:register", args=[hearing.pk])

    statuses = run_in_parallel(post_as, [(resident, url) for resident in residents])

    assert statuses == [302] * 100
    registrations = list(Registration.objects.filter(module=hearing).order_by("position"))
    assert len({r.author_id for r in registrations}) == len(registrations) == 100
    assert [r.position for r in registrations] == list(range(1, 101))
    assert [r.status for r in registrations] == [Status.CONFIRMED] * 30 + [Status.WAITING] * 70
    created = [r.created_at for r in registrations]
    assert created == sorted(created)  # arrival order: decided under the lock, in order

    leaving = registrations[:30:3]  # ten confirmed residents, spread over the list
    cancel_calls = [
        (r.author, reverse("participation_hearings:cancel", args=[r.pk])) for r in leaving
    ]
    assert run_in_parallel(post_as, cancel_calls) == [302] * 10

    after = dict(Registration.objects.filter(module=hearing).values_list("position", "status"))
    cancelled = {r.position for r in leaving}
    assert {p for p, s in after.items() if s == Status.CANCELLED} == cancelled
    assert {p for p, s in after.items() if s == Status.CONFIRMED} == (set(range(1, 41)) - cancelled)
    assert {p for p, s in after.items() if s == Status.WAITING} == set(range(41, 101))


def test_one_resident_clicking_many_times_at_once_registers_once(notice_page):
    hearing = make_hearing(notice_page, capacity=30)
    resident = VerifiedResidentFactory()
    url = reverse("participation_hearings:register", args=[hearing.pk])
    run_in_parallel(post_as, [(resident, url)] * 10)
    assert Registration.objects.filter(author=resident).count() == 1


def test_two_staff_scanning_the_same_code_at_once_check_in_once(notice_page):
    hearing = make_hearing(notice_page, starts_at=timezone.now() + timedelta(hours=1))
    registration = services.register(VerifiedResidentFactory(), hearing)
    staff = [VerifiedResidentFactory(is_staff=True, is_superuser=True) for _i in range(8)]
    outcomes = run_in_parallel(
        lambda user: services.check_in(hearing, registration.code, user).outcome,
        [(user,) for user in staff],
    )
    assert outcomes.count(CheckIn.VALID) == 1
    assert outcomes.count(CheckIn.ALREADY_USED) == 7
