"""No column, key or ordering links the voter roll to the ballot box.

The roll says who voted (ballot, voter, when, channel); the box says what was voted (ballot,
choices, receipt hash). These tests read both from the models and from the database itself.
"""

import pytest
from django.db import connection, models

from participation.ballots import casting, mixing, results
from participation.ballots.models import BoxEntry, RollEntry
from participation.residents.factories import VerifiedResidentFactory

from .conftest import close

BOX_COLUMNS = {"id", "ballot_id", "choices", "receipt_hash"}
ROLL_COLUMNS = {
    "id",
    "ballot_id",
    "voter_id",
    "voted_at",
    "channel",
    "recorded_by_id",
    "consent_note",
    "public_choices",
}


def test_box_model_has_only_ballot_choices_and_receipt_under_a_random_key():
    fields = {field.column: field for field in BoxEntry._meta.concrete_fields}
    assert set(fields) == BOX_COLUMNS
    assert isinstance(fields["id"], models.UUIDField)
    assert fields["id"].default.__name__ == "uuid4"
    relations = {
        f.related_model._meta.label for f in BoxEntry._meta.concrete_fields if f.is_relation
    }
    assert relations == {"participation_ballots.Ballot"}
    assert not any(
        isinstance(f, models.DateField | models.fields.AutoFieldMixin) for f in fields.values()
    )
    assert not BoxEntry._meta.ordering


def test_roll_model_has_no_link_to_the_box():
    fields = {field.column for field in RollEntry._meta.concrete_fields}
    assert fields == ROLL_COLUMNS
    targets = {f.related_model for f in RollEntry._meta.get_fields() if f.is_relation}
    assert BoxEntry not in targets
    assert not any(
        f.related_model is RollEntry for f in BoxEntry._meta.get_fields() if f.is_relation
    )


@pytest.mark.django_db
def test_database_tables_have_the_same_columns_and_no_key_between_them():
    box, roll = BoxEntry._meta.db_table, RollEntry._meta.db_table
    with connection.cursor() as cursor:
        box_columns = {c.name for c in connection.introspection.get_table_description(cursor, box)}
        roll_columns = {
            c.name for c in connection.introspection.get_table_description(cursor, roll)
        }
        box_relations = connection.introspection.get_relations(cursor, box)
        roll_relations = connection.introspection.get_relations(cursor, roll)
    assert box_columns == BOX_COLUMNS
    assert roll_columns == ROLL_COLUMNS
    assert {table for _column, table in box_relations.values()} == {"participation_ballots_ballot"}
    assert box not in {table for _column, table in roll_relations.values()}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT column_name, column_default FROM information_schema.columns "
                "WHERE table_name = %s AND column_default IS NOT NULL",
                [box],
            )
            assert cursor.fetchall() == []  # no sequence, no clock default in the box


@pytest.mark.django_db
def test_box_keys_and_published_list_do_not_follow_casting_order(motion):
    voters = VerifiedResidentFactory.create_batch(30)
    casting_order = []
    for voter in voters:
        code = casting.cast_vote(motion, voter, {"vote": "for"})
        casting_order.append(casting.receipt_hash(motion.pk, code))
    by_key = list(BoxEntry.objects.order_by("id").values_list("receipt_hash", flat=True))
    assert by_key != casting_order  # chance 1 in 30! of a false alarm
    assert sorted(by_key) == sorted(casting_order)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_mixing_removes_physical_order_and_shared_transaction_ids(make_ballot):
    """Without mixing, the box's disk order (ctid) and each row's transaction id (xmin) would
    match the roll's; after mixing, neither links a box row to a roll row."""
    ballot = make_ballot()
    voters = VerifiedResidentFactory.create_batch(40)
    casting_order = [
        casting.receipt_hash(ballot.pk, casting.cast_vote(ballot, voter, {"vote": "for"}))
        for voter in voters
    ]
    box, roll = BoxEntry._meta.db_table, RollEntry._meta.db_table

    def physical_order():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT receipt_hash FROM {box} ORDER BY ctid")  # noqa: S608 -- test
            return [row[0] for row in cursor.fetchall()]

    def shared_xmin():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {box} b JOIN {roll} r ON b.xmin = r.xmin"  # noqa: S608
            )
            return cursor.fetchone()[0]

    assert physical_order() == casting_order  # the caveat that mixing exists for
    assert shared_xmin() == 40
    close(ballot)
    mixing.close_due_ballots()
    assert physical_order() != casting_order
    assert sorted(physical_order()) == sorted(casting_order)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT xmin::text) FROM {box}")  # noqa: S608
        assert cursor.fetchone()[0] == 1
        cursor.execute(
            f"SELECT count(DISTINCT xmin::text) FROM {roll} WHERE voted_at IS NOT NULL"  # noqa: S608
        )
        assert cursor.fetchone()[0] == 1
    assert results.compute_result(ballot)["ballots"] == 40
