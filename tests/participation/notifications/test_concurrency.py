"""Two workers draining the same deliveries at once: none sent twice, none lost (PostgreSQL)."""

import pytest
from django.core import mail

from participation.notifications import delivery
from participation.notifications.models import Delivery, Item
from participation.residents.factories import UserFactory
from tests.concurrency import run_in_parallel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNT = 600


def queued_deliveries(count):
    """Rows as ``notify`` leaves them for the worker (created directly, so that the
    immediate task backend of the tests does not deliver them first)."""
    users = UserFactory.create_batch(count)
    items = Item.objects.bulk_create(
        Item(recipient=user, kind="tests_dummy.hand_raised", title=f"消息 {user.pk}", url="/")
        for user in users
    )
    Delivery.objects.bulk_create(Delivery(item=item, channel="email") for item in items)
    return users


def test_two_workers_drain_the_same_deliveries_none_twice_none_lost():
    users = queued_deliveries(COUNT)
    mail.outbox = []
    sent = run_in_parallel(lambda: delivery.drain(limit=25), [(), ()], workers=2)
    recipients = [message.to[0] for message in mail.outbox]
    assert sum(sent) == COUNT
    assert all(sent), f"both workers should have taken batches: {sent}"
    assert len(recipients) == COUNT  # none twice
    assert set(recipients) == {user.email for user in users}  # none lost
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
