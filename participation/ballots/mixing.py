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
        if connection.vendor == "postgresql":
            moved = _rewrite_in_the_database(ballot)
        else:
            moved = _rewrite_through_python(ballot)
        RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False).update(channel=F("channel"))
        Ballot.objects.filter(pk=ballot.pk).update(box_mixed_at=Now())
    vacuum_box()
    return moved


def _rewrite_in_the_database(ballot: Ballot) -> int:
    """One statement moves every row of the box: deleted and written back in an order drawn
    from the server's strong random source (gen_random_uuid), without crossing the wire.

    The statement deletes exactly the rows it writes back: a vote that a concurrent cast
    commits meanwhile is not in its snapshot, so it is neither deleted nor lost.
    """
    box = connection.ops.quote_name(BoxEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH moved AS (DELETE FROM {box} WHERE ballot_id = %s "  # noqa: S608 -- table name
            "RETURNING id, ballot_id, choices, receipt_hash) "
            f"INSERT INTO {box} (id, ballot_id, choices, receipt_hash) "
            "SELECT id, ballot_id, choices, receipt_hash FROM moved ORDER BY gen_random_uuid()",
            [ballot.pk],
        )
        return cursor.rowcount


def _rewrite_through_python(ballot: Ballot) -> int:
    rows = list(BoxEntry.objects.filter(ballot=ballot).values("id", "choices", "receipt_hash"))
    random.SystemRandom().shuffle(rows)
    # Delete exactly the rows read: under READ COMMITTED a ballot-wide DELETE would also take
    # a vote committed by a concurrent cast after the SELECT, and lose it. A raw delete: the
    # rows come back at once, so nothing that listens for deletions has anything to hear.
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), MIX_BATCH):
        batch = BoxEntry.objects.filter(pk__in=ids[start : start + MIX_BATCH])
        batch._raw_delete(batch.db)
    BoxEntry.objects.bulk_create(
        [BoxEntry(ballot=ballot, **row) for row in rows], batch_size=MIX_BATCH
    )
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
