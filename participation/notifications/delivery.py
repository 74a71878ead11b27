"""Workers deliver in batches of claimed rows, each (item, channel) at most once.

A claim is one short transaction: the due rows are locked with ``SKIP LOCKED`` (PostgreSQL),
so two workers take disjoint batches, and marked ``sending`` with the worker's token and a
lease. Sending happens outside any transaction; the outcome is written only where the row
still carries the token. A worker that dies leaves its rows ``sending``; when the lease ends
they are due again and another worker takes them, so nothing is lost.
"""

import logging
import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from participation.notifications.channels import CHANNELS
from participation.notifications.models import Delivery, Rhythm
from participation.notifications.sms import DeliveryFailed

logger = logging.getLogger(__name__)

BATCH = 100
LEASE = timedelta(minutes=5)
"""Longer than any send may take (SMS_TIMEOUT, SMTP's timeout), or a slow send is taken again."""
MAX_ATTEMPTS = 5
BACKOFF = timedelta(minutes=1)
"""The wait after the first failure; it doubles with each further one."""

Status = Delivery.Status


def due(now):
    return Q(digest=Rhythm.IMMEDIATELY) & (
        Q(status=Status.PENDING, not_before__lte=now)
        | Q(status=Status.SENDING, claimed_until__lt=now)
    )


def claim(limit=BATCH, item_ids=None, now=None) -> list[Delivery]:
    """Take up to ``limit`` due deliveries for this worker (``item_ids``: only theirs)."""
    now = now or timezone.now()
    token = uuid.uuid4()
    rows = Delivery.objects.filter(due(now))
    if item_ids is not None:
        rows = rows.filter(item_id__in=item_ids)
    with transaction.atomic():
        ids = list(
            rows.select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        # Due again in the UPDATE: a row another worker took meanwhile is no longer due.
        Delivery.objects.filter(due(now), pk__in=ids).update(
            status=Status.SENDING,
            claim=token,
            claimed_until=now + LEASE,
            attempts=F("attempts") + 1,
        )
    return list(Delivery.objects.filter(pk__in=ids, claim=token).select_related("item__recipient"))


def deliver(delivery: Delivery) -> bool:
    """Send one claimed delivery and record the outcome; True when it went out."""
    try:
        CHANNELS[delivery.channel].send(delivery.item)
    except Exception as error:
        failure = error if isinstance(error, DeliveryFailed) else DeliveryFailed(repr(error))
        if not isinstance(error, DeliveryFailed):
            logger.exception("Delivery %s failed unexpectedly", delivery.pk)
        record_failure(delivery, failure)
        return False
    _mine(delivery).update(
        status=Status.SENT, sent_at=timezone.now(), claim=None, claimed_until=None, error=""
    )
    return True


def _mine(delivery):
    return Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim)


def record_failure(delivery, failure: DeliveryFailed) -> None:
    if failure.permanent or delivery.attempts >= MAX_ATTEMPTS:
        status = Status.BOUNCED if failure.bounced else Status.FAILED
        _mine(delivery).update(status=status, error=failure.reason, claim=None, claimed_until=None)
        return
    wait = BACKOFF * 2 ** (delivery.attempts - 1)
    _mine(delivery).update(
        status=Status.PENDING,
        not_before=timezone.now() + wait,
        error=failure.reason,
        claim=None,
        claimed_until=None,
    )


def run_batch(limit=BATCH, item_ids=None) -> int:
    """Claim and send one batch; the number of deliveries sent."""
    return sum(deliver(delivery) for delivery in claim(limit, item_ids))


def drain(item_ids=None, limit=BATCH, max_batches=1000) -> int:
    """Send batches until nothing is due (or ``max_batches``); the number sent."""
    sent = 0
    for _batch in range(max_batches):
        batch = claim(limit, item_ids)
        if not batch:
            break
        sent += sum(deliver(delivery) for delivery in batch)
    return sent
