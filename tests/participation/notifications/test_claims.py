"""Proofs on PostgreSQL that workers and digest runs take disjoint rows without waiting for
each other (``SKIP LOCKED``), and that a worker's death loses nothing.

The worker tests hold one claim's transaction open while a second claim runs with a short
``lock_timeout``: without ``skip_locked=True`` the second claim waits for the first one's row
locks and fails, with it the second takes the other rows at once.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from participation.notifications import delivery, digest
from participation.notifications.models import Delivery, Item, Rhythm
from participation.residents.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
Status = Delivery.Status


def queued(residents, per_resident=1, rhythm=Rhythm.IMMEDIATELY):
    """Rows as ``notify`` leaves them (created directly, so that the immediate task backend of
    the tests does not deliver them first); the items' titles are unique."""
    users = UserFactory.create_batch(residents)
    items = Item.objects.bulk_create(
        Item(recipient=user, kind="tests_dummy.hand_raised", title=f"消息 {user.pk}-{n}", url="/")
        for user in users
        for n in range(per_resident)
    )
    Delivery.objects.bulk_create(
        Delivery(item=item, channel="email", digest=rhythm) for item in items
    )
    return items


def while_held(claim_first, then):
    """Run ``claim_first()`` in a thread whose transaction stays open (its row locks held)
    until ``then()`` has returned in another thread with a 2-second lock_timeout; return both
    results."""
    held, release = threading.Event(), threading.Event()

    def first():
        try:
            with transaction.atomic():
                claimed = claim_first()
                held.set()
                release.wait(timeout=60)
            return claimed
        finally:
            connections.close_all()

    def second():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                return then()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        holding = pool.submit(first)
        assert held.wait(timeout=60), "the first claim never returned"
        try:
            result = pool.submit(second).result(timeout=60)
        finally:
            release.set()
        return holding.result(timeout=60), result


def test_a_worker_takes_the_other_rows_at_once_while_another_holds_its_batch():
    queued(20)
    first, second = while_held(lambda: delivery.claim(limit=5), lambda: delivery.claim(limit=100))
    first_ids = {row.pk for row in first}
    second_ids = {row.pk for row in second}
    assert len(first_ids) == 5
    assert first_ids.isdisjoint(second_ids)
    assert first_ids | second_ids == set(Delivery.objects.values_list("pk", flat=True))
    assert {row.claim for row in first} != {row.claim for row in second}
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENDING}


def test_rows_of_a_worker_that_died_mid_batch_are_sent_once_after_the_lease():
    queued(12)
    mail.outbox = []
    dead = delivery.claim(limit=4)  # claimed, then the worker died before sending any
    assert delivery.drain(limit=3) == 8  # the others go at once; the dead worker's wait
    assert {row.pk for row in dead}.isdisjoint(
        Delivery.objects.filter(status=Status.SENT).values_list("pk", flat=True)
    )
    after_lease = timezone.now() + delivery.LEASE + timedelta(seconds=1)
    taken_over = delivery.claim(limit=100, now=after_lease)
    assert {row.pk for row in taken_over} == {row.pk for row in dead}
    assert sum(delivery.deliver(row) for row in taken_over) == 4
    # The dead worker comes back late: its token no longer matches, nothing is overwritten.
    sent_at = dict(Delivery.objects.values_list("pk", "sent_at"))
    delivery.record_failure(dead[0], delivery.DeliveryFailed("late"))
    assert dict(Delivery.objects.values_list("pk", "sent_at")) == sent_at
    assert Delivery.objects.get(pk=dead[0].pk).status == Status.SENT
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 12


def test_a_digest_run_sends_the_others_at_once_while_another_holds_its_residents(monkeypatch):
    items = queued(6, per_resident=3, rhythm=Rhythm.DAILY)
    monkeypatch.setattr(digest, "ROWS_PER_BATCH", 6)  # two residents a batch
    mail.outbox = []
    now = timezone.now()
    held, sent = while_held(
        lambda: digest.claim(Rhythm.DAILY, now),
        lambda: digest.send_digests(Rhythm.DAILY, now),
    )
    assert len({row.item.recipient_id for row in held}) == 2
    assert sent == 4
    assert len(mail.outbox) == 4
    groups = {}
    for row in held:
        groups.setdefault(row.item.recipient_id, []).append(row)
    assert sum(digest.send_one(Rhythm.DAILY, rows) for rows in groups.values()) == 2
    bodies = "\n".join(message.body for message in mail.outbox)
    assert {item.title: bodies.count(item.title) for item in items} == {
        item.title: 1 for item in items
    }, bodies
    assert len(mail.outbox) == 6
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}


def test_two_digest_runs_at_once_send_each_item_once(monkeypatch):
    from tests.concurrency import run_in_parallel

    items = queued(60, per_resident=3, rhythm=Rhythm.DAILY)
    monkeypatch.setattr(digest, "ROWS_PER_BATCH", 9)
    mail.outbox = []
    now = timezone.now()
    sent = run_in_parallel(lambda: digest.send_digests(Rhythm.DAILY, now), [(), ()], workers=2)
    assert sum(sent) == len(mail.outbox) == 60  # one digest per resident
    bodies = "\n".join(message.body for message in mail.outbox)
    assert all(bodies.count(item.title) == 1 for item in items)
    assert len({message.to[0] for message in mail.outbox}) == 60
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}
