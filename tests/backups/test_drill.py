"""The restore drill: the demo and fresh contributions, backed up, restored into a new database
and a new media root, then compared row by row and byte by byte.

The source is the test database itself (the test commits, so pg_dump sees the data); the target
is a database this test creates beside it and drops (PostgreSQL) or a file (SQLite).
"""

from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from wagtail.models import Site

from backups import service
from participation.ballots import casting, roll
from participation.ballots.models import Ballot, BoxEntry
from participation.comments.models import Comment
from participation.comments.services import post_comment
from participation.hearings import services as hearings
from participation.hearings.models import Hearing
from participation.residents.models import User
from tests.backups.conftest import target_connection

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def restore_target(tmp_path):
    """An empty database of the test database's backend; dropped afterwards."""
    if connection.vendor == "sqlite":
        target = target_connection(NAME=str(tmp_path / "restored.sqlite3"))
        yield target
        target.close()
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = {**connection.settings_dict, "NAME": "postgres"}
    with psycopg.connect(**_libpq(admin), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
    target = target_connection(NAME=name)
    try:
        yield target
    finally:
        target.close()
        with psycopg.connect(**_libpq(admin), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(settings_dict):
    keys = {
        "NAME": "dbname",
        "HOST": "host",
        "PORT": "port",
        "USER": "user",
        "PASSWORD": "password",
    }
    return {arg: settings_dict[key] for key, arg in keys.items() if settings_dict.get(key)}


def contribute():
    """Votes, a comment and an opinion with an attachment, through the services; the receipts."""
    receipts = []
    for ballot in Ballot.objects.filter(ballot_type=Ballot.Type.MOTION):
        for voter in User.objects.filter(username__startswith="rep-building-"):
            if roll.refusal_to_vote(ballot, voter) is None:
                code = casting.cast_vote(ballot, voter, {"vote": "for"})
                receipts.append((ballot.pk, code))
    module = Comment.objects.first().module.specific
    post_comment(User.objects.get(username="resident"), module, "备份演练：一条新的评论。")
    demo_community = Site.objects.get(is_default_site=True)  # the resident's, not the second's
    candidates = Hearing.objects.of_community(demo_community)
    hearing = next(h for h in candidates if h.opinions_are_open())
    attachment = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    opinion = hearings.submit_opinion(
        User.objects.get(username="resident"), hearing, "备份演练：附件。", attachment=attachment
    )
    return receipts, opinion


def rows(conn, table):
    quoted = conn.ops.quote_name(table)
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 -- a table name from introspection
        return sorted(map(repr, cursor.fetchall()))


def files(root: Path):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_restore_drill(media_root, restore_target, key, tmp_path):
    call_command("load_demo", force=True)
    receipts, opinion = contribute()
    assert receipts
    assert Path(opinion.attachment.path).is_relative_to(media_root)

    backup = tmp_path / "drill.age"
    service.back_up(backup, key, connection, media_root)
    restored_media = tmp_path / "restored-media"
    service.restore(backup, key, restore_target, restored_media)

    tables = sorted(connection.introspection.table_names())
    assert sorted(restore_target.introspection.table_names()) == tables
    different = [
        table for table in tables if rows(connection, table) != rows(restore_target, table)
    ]
    assert different == []
    assert files(restored_media) == files(media_root)
    assert opinion.attachment.name in files(restored_media)

    with restore_target.cursor() as cursor:
        for ballot_id, code in receipts:
            cursor.execute(
                f"SELECT count(*) FROM {BoxEntry._meta.db_table} "  # noqa: S608 -- model table
                "WHERE ballot_id = %s AND receipt_hash = %s",
                [ballot_id, casting.receipt_hash(ballot_id, code)],
            )
            assert cursor.fetchone() == (1,)
        cursor.execute(
            "SELECT count(*) FROM wagtailcore_page p LEFT JOIN wagtailcore_revision r "
            "ON r.id = p.latest_revision_id WHERE p.latest_revision_id IS NOT NULL AND r.id IS NULL"
        )
        assert cursor.fetchone() == (0,)
    if connection.vendor == "postgresql":
        assert sequences(restore_target) == sequences(connection)

    # --force: a second restore over the first replaces it, rows and files alike.
    (restored_media / "stray.txt").write_bytes(b"not in the backup")
    service.restore(backup, key, restore_target, restored_media, force=True)
    assert rows(restore_target, "wagtailcore_page") == rows(connection, "wagtailcore_page")
    assert files(restored_media) == files(media_root)


def sequences(conn):
    with conn.cursor() as cursor:
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        return cursor.fetchall()
