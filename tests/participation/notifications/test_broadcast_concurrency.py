"""A notice's deliveries under concurrency (PostgreSQL): two workers drain them, two staff
retry the same failures at once; every message goes out exactly once."""

import pytest
from django.core import mail

from participation.notifications import broadcasts, delivery
from participation.notifications.audiences import audiences
from participation.notifications.delivery_log import retry_failed
from participation.notifications.models import Delivery
from participation.residents.factories import VerifiedResidentFactory
from participation.residents.models import default_community_id
from tests.concurrency import run_in_parallel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNT = 300


@pytest.fixture
def queued_notice(settings):
    """A notice to COUNT residents, stored and queued but not yet delivered."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    residents = VerifiedResidentFactory.create_batch(COUNT)
    broadcasts.send(
        community_id=default_community_id(),
        audience=audiences()["verified"],
        values=[],
        label="all",
        title="停水",
        body="明天停水。",
    )
    mail.outbox = []
    return residents


def test_two_workers_drain_a_notice_none_twice_none_lost(queued_notice):
    sent = run_in_parallel(lambda: delivery.drain(limit=20), [(), ()], workers=2)
    recipients = [message.to[0] for message in mail.outbox]
    assert sum(sent) == COUNT
    assert sorted(recipients) == sorted(user.email for user in queued_notice)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_two_staff_retrying_the_same_failures_send_each_once(queued_notice, settings):
    Delivery.objects.update(status=Delivery.Status.FAILED, attempts=5, error="HTTP 503")
    ids = list(Delivery.objects.values_list("pk", flat=True))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    retried = run_in_parallel(lambda: retry_failed(ids), [(), ()], workers=2)
    assert sorted(retried) == [0, COUNT]
    assert len(mail.outbox) == COUNT
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
