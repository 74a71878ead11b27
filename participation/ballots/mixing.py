"""Mixing the ballot box, so that nothing on disk pairs a box row with its roll row.

Every row written by one cast shares that transaction's id (PostgreSQL ``xmin``) and the box
rows sit on disk in casting order (``ctid``); see docs/design-notes.md, "Ballots: secrecy".
"""

import random

from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Now

from participation.ballots.models import Ballot, BoxEntry, RollEntry

MIX_BATCH = 1000


def mix_box(ballot: Ballot) -> int:
    """Rewrite the ballot's box rows in random order, and touch the voted roll rows, at once.

    Rewriting both sides in one shuffled transaction gives every row the same xmin and a
    random position. Dead row versions stay on disk until VACUUM, which ``vacuum_box`` runs
    where it can.
    """
    with transaction.atomic():
        rows = list(BoxEntry.objects.filter(ballot=ballot).values("id", "choices", "receipt_hash"))
        random.SystemRandom().shuffle(rows)
        # Delete exactly the rows read: under READ COMMITTED a ballot-wide DELETE would also
        # take a vote committed by a concurrent cast after the SELECT, and lose it.
        ids = [row["id"] for row in rows]
        for start in range(0, len(ids), MIX_BATCH):
            BoxEntry.objects.filter(pk__in=ids[start : start + MIX_BATCH]).delete()
        BoxEntry.objects.bulk_create(
            [BoxEntry(ballot=ballot, **row) for row in rows], batch_size=MIX_BATCH
        )
        RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False).update(channel=F("channel"))
        Ballot.objects.filter(pk=ballot.pk).update(box_mixed_at=Now())
    vacuum_box()
    return len(rows)


def vacuum_box() -> None:
    """VACUUM the box and roll on PostgreSQL (not possible inside a transaction, e.g. tests)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (BoxEntry, RollEntry):
            cursor.execute(f'VACUUM "{model._meta.db_table}"')


def close_due_ballots() -> int:
    """Mix the box of every closed, uncertified ballot (the management command, after closing)."""
    closed = Ballot.objects.filter(closes_at__lte=Now(), certified_at__isnull=True).filter(
        Q(box_mixed_at__isnull=True) | Q(box_mixed_at__lt=F("closes_at"))
    )  # once after closing is enough: no vote enters a closed box
    closed = list(closed)
    for ballot in closed:
        mix_box(ballot)
    return len(closed)


def mix_open_ballots() -> int:
    """Mix the boxes of open ballots, so that casting order on disk lasts one interval at most."""
    running = Ballot.objects.filter(opens_at__lte=Now(), closes_at__gt=Now())
    for ballot in running:
        mix_box(ballot)
    return len(running)
