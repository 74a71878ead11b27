"""After a restore: migrations the code has and the database lacks, and the reverse."""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from backups.service import migration_gaps

pytestmark = pytest.mark.django_db


def test_a_migrated_database_has_no_gaps():
    assert migration_gaps(connection) == ([], [])


def test_missing_and_unknown_migrations_are_named():
    recorded = MigrationRecorder.Migration.objects
    recorded.filter(app="participation_ballots", name="0001_initial").delete()
    recorded.create(app="participation_ballots", name="9999_from_newer_code")

    unapplied, unknown = migration_gaps(connection)

    assert unapplied == [("participation_ballots", "0001_initial")]
    assert unknown == [("participation_ballots", "9999_from_newer_code")]
