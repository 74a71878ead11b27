"""Storing a notice's rows for thousands of recipients within a request.

On PostgreSQL each table takes one ``INSERT … SELECT FROM unnest(arrays)``: the ids and the
per-row values travel as a few array parameters, and no model instance is built per row
(Django's ``bulk_create`` spent most of a 10,000-recipient notice building and quoting
them, see docs/benchmarks-notifications.md). Other databases (SQLite in development) use
``bulk_create``; both store the same rows.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from participation.notifications.models import Delivery, Item

BATCH = 2000


@dataclass(frozen=True)
class NewDelivery:
    """What ``storing.queue_due`` and the insert need of a delivery."""

    item_id: int
    channel: str
    digest: str
    not_before: datetime


def insert_items(recipient_ids: list[int], **values) -> dict[int, int]:
    """One inbox item per recipient with the same ``values`` (kind, title, url, …);
    ``{recipient id: item id}``."""
    if connection.vendor != "postgresql":
        items = Item.objects.bulk_create(
            (Item(recipient_id=pk, **values) for pk in recipient_ids), batch_size=BATCH
        )
        return {item.recipient_id: item.pk for item in items}
    names = list(values)
    columns = ", ".join(Item._meta.get_field(name).column for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    # Table and column names come from the model; every value is a parameter.
    sql = (
        f"INSERT INTO {Item._meta.db_table} (recipient_id, {columns}) "  # noqa: S608 -- the model's names
        f"SELECT recipient, {placeholders} FROM unnest(%s::bigint[]) AS t(recipient) "
        "RETURNING recipient_id, id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values.values(), list(recipient_ids)])
        return dict(cursor.fetchall())


def insert_deliveries(rows: list[NewDelivery]) -> None:
    """Pending deliveries, as ``Delivery``'s defaults make them."""
    if connection.vendor != "postgresql":
        Delivery.objects.bulk_create(
            (
                Delivery(
                    item_id=row.item_id,
                    channel=row.channel,
                    digest=row.digest,
                    not_before=row.not_before,
                )
                for row in rows
            ),
            batch_size=BATCH,
        )
        return
    sql = (
        f"INSERT INTO {Delivery._meta.db_table} "  # noqa: S608 -- the model's table
        "(item_id, channel, digest, not_before, status, attempts, error) "
        "SELECT item, channel, digest, not_before, %s, 0, '' FROM unnest("
        "%s::bigint[], %s::varchar[], %s::varchar[], %s::timestamptz[]"
        ") AS t(item, channel, digest, not_before)"
    )
    columns = [
        [row.item_id for row in rows],
        [row.channel for row in rows],
        [row.digest for row in rows],
        [row.not_before for row in rows],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [Delivery.Status.PENDING, *columns])
