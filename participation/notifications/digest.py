"""Digests: one message per resident and channel, gathering their daily (or weekly) deliveries.

Residents who chose a daily or weekly rhythm for a kind get its deliveries stored with that
``digest`` (``storing.store``); the worker leaves them alone and ``manage.py send_digests``
sends them. Rows are claimed as the worker claims its own (``SKIP LOCKED``, a token and a
lease), a whole resident at a time, so that two runs at once never send one item twice, and a
run that dies leaves its rows to the next run once the lease ends. Only the rows a message
carried are marked sent: an item that arrives meanwhile waits for the next digest.
"""

import itertools
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from participation.core.links import absolute_url
from participation.notifications.channels import CHANNELS
from participation.notifications.delivery import LEASE, record_failure
from participation.notifications.models import Channel, Delivery, Rhythm
from participation.notifications.sms import DeliveryFailed

logger = logging.getLogger(__name__)
Status = Delivery.Status
ROWS_PER_BATCH = 1000
MAX_BATCHES = 10_000
"""A bound on one run's loop (ten million rows at the batch size above)."""


def due(rhythm: str, now) -> Q:
    return Q(digest=rhythm) & (
        Q(status=Status.PENDING, not_before__lte=now)
        | Q(status=Status.SENDING, claimed_until__lt=now)
    )


def claim(rhythm: str, now, limit=None) -> list[Delivery]:
    """Take about ``limit`` due rows for this run, whole residents at a time, each resident's
    in the order they arrived; [] when nothing is left that another run does not hold."""
    limit = limit or ROWS_PER_BATCH
    token = uuid.uuid4()
    rows = Delivery.objects.filter(due(rhythm, now)).select_for_update(
        skip_locked=True, of=("self",)
    )
    with transaction.atomic():
        locked = list(
            rows.order_by("item__recipient_id", "pk").values_list("pk", "item__recipient_id")[
                :limit
            ]
        )
        if len(locked) == limit:
            # The last resident's rows may go on past the limit: take the rest of them too,
            # so that one resident's items make one message.
            rest = rows.filter(item__recipient_id=locked[-1][1]).exclude(
                pk__in=[pk for pk, _recipient in locked]
            )
            locked += rest.values_list("pk", "item__recipient_id")
        ids = [pk for pk, _recipient in locked]
        # Due again in the UPDATE, as the worker's claim: a row another run took is not.
        Delivery.objects.filter(due(rhythm, now), pk__in=ids).update(
            status=Status.SENDING,
            claim=token,
            claimed_until=now + LEASE,
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.filter(pk__in=ids, claim=token)
        .select_related("item__recipient")
        .order_by("item__recipient_id", "channel", "item__created_at", "item_id")
    )


def send_digests(rhythm: str, now=None) -> int:
    """Send every resident's due ``rhythm`` digest; the number of messages sent."""
    now = now or timezone.now()
    sent = 0
    for _batch in range(MAX_BATCHES):
        batch = claim(rhythm, now)
        if not batch:
            break
        groups = itertools.groupby(batch, key=lambda row: (row.item.recipient_id, row.channel))
        sent += sum(send_one(rhythm, list(rows)) for _key, rows in groups)
    return sent


def send_one(rhythm: str, rows: list[Delivery]) -> bool:
    """One resident's digest through one channel; marks exactly these rows."""
    user, channel = rows[0].item.recipient, rows[0].channel
    items = [row.item for row in rows]
    try:
        if channel == Channel.EMAIL:
            CHANNELS[channel].send_message(user, compose_email(rhythm, items), _kinds(items))
        else:
            CHANNELS[channel].send_text(user, sms_title(len(items)), _inbox_url())
    except Exception as error:  # one resident's failure must not stop the others' digests
        failure = error if isinstance(error, DeliveryFailed) else DeliveryFailed(repr(error))
        if not isinstance(error, DeliveryFailed):
            logger.exception("Digest for user %s failed unexpectedly", user.pk)
        for row in rows:
            record_failure(row, failure)
        return False
    ids = [row.pk for row in rows]
    Delivery.objects.filter(pk__in=ids, claim=rows[0].claim).update(
        status=Status.SENT, sent_at=timezone.now(), claim=None, claimed_until=None, error=""
    )
    return True


def _kinds(items) -> list[str]:
    return sorted({item.kind for item in items})


def _inbox_url() -> str:
    return absolute_url(reverse("participation_notifications:inbox"))


def compose_email(rhythm: str, items) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        count = len(items)
        if rhythm == Rhythm.WEEKLY:
            subject = ngettext(
                "每周消息汇总：%(count)s 条新消息", "每周消息汇总：%(count)s 条新消息", count
            )
        else:
            subject = ngettext(
                "每日消息汇总：%(count)s 条新消息", "每日消息汇总：%(count)s 条新消息", count
            )
        context = {
            "entries": [(item, absolute_url(item.url)) for item in items],
            "inbox": _inbox_url(),
        }
        body = render_to_string("participation_notifications/email/digest.txt", context)
    return EmailMessage(subject % {"count": count}, body)


def sms_title(count: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return ngettext("您有 %(count)s 条新消息", "您有 %(count)s 条新消息", count) % {
            "count": count
        }
