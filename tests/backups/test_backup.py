"""Backup and restore: the manifest, the key, tampering, and refusing to overwrite data."""

import hashlib
import io
import os
import stat
import tarfile

import pyrage
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from backups import archive, service
from backups.archive import BackupError
from backups.service import applied_migrations
from participation.residents.factories import UserFactory
from tests.backups.conftest import target_connection

# Committed data: the copy is taken outside any transaction (and pg_dump is another process).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ATTACHMENT = "hearings/opinions/2026/plan.pdf"


@pytest.fixture
def media(media_root):
    """A public image and a protected opinion attachment, as the site stores them."""
    files = {"original_images/gate.png": b"\x89PNG public", ATTACHMENT: b"%PDF protected " * 100}
    for name, data in files.items():
        (media_root / name).parent.mkdir(parents=True, exist_ok=True)
        (media_root / name).write_bytes(data)
    return files


@pytest.fixture
def backup(tmp_path, key, media, media_root):
    UserFactory(username="kept")
    out = tmp_path / "site.age"
    service.back_up(out, key, connection, media_root)
    return out


def media_state(media_root):
    return {
        p.relative_to(media_root).as_posix(): p.read_bytes()
        for p in media_root.rglob("*")
        if p.is_file()
    }


def test_the_manifest_names_every_file_with_size_and_checksum(backup, key, media, tmp_path):
    manifest = archive.stage_archive(backup, key, tmp_path / "staged")

    assert manifest["format"] == archive.FORMAT_VERSION
    assert manifest["created_at"]
    assert manifest["database"]["vendor"] == connection.vendor
    assert {"community-cms", "participation_ballots", "participation_hearings"} <= set(
        manifest["versions"]
    )
    assert manifest["migrations"] == applied_migrations(connection)
    assert "0001_initial" in manifest["migrations"]["participation_ballots"]
    entries = {entry["path"]: entry for entry in manifest["files"]}
    for name, data in media.items():
        assert entries[f"media/{name}"] == {
            "path": f"media/{name}",
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    database_file = manifest["database"]["file"]
    assert entries[database_file]["size"] == (tmp_path / "staged" / database_file).stat().st_size


def test_the_backup_file_is_encrypted_and_private(backup, media):
    data = backup.read_bytes()
    assert data.startswith(b"age-encryption.org/v1")
    assert b"%PDF protected" not in data
    assert b"kept" not in data
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_a_wrong_key_fails_before_anything_is_touched(backup, media_root, media):
    with pytest.raises(BackupError, match="cannot decrypt"):
        service.restore(backup, archive.new_key(), connection, media_root, force=True)
    assert media_state(media_root) == media
    assert connection.introspection.table_names()


def test_a_damaged_file_fails_before_anything_is_touched(backup, key, media_root, media):
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="cannot decrypt"):
        service.restore(backup, key, connection, media_root, force=True)
    assert media_state(media_root) == media


def reencrypted(backup, key, change):
    """The archive decrypted, one member passed through ``change``, encrypted again: what
    someone holding only the public key could write. Only the checksums can catch it."""
    identity = archive.identity_from(key)
    plain = pyrage.decrypt(backup.read_bytes(), [identity])
    out = io.BytesIO()
    with (
        tarfile.open(fileobj=io.BytesIO(plain)) as source,
        tarfile.open(fileobj=out, mode="w") as target,
    ):
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    backup.write_bytes(pyrage.encrypt(out.getvalue(), [identity.to_public()]))
    return backup


def test_an_altered_member_fails_its_checksum(backup, key, media_root, media):
    def swap_bytes(name, data):
        return data.replace(b"protected", b"PROTECTED") if name.endswith("plan.pdf") else data

    with pytest.raises(BackupError, match="checksum mismatch for media/" + ATTACHMENT):
        service.restore(
            reencrypted(backup, key, swap_bytes), key, connection, media_root, force=True
        )
    assert media_state(media_root) == media


def test_a_missing_member_fails_against_the_manifest(backup, key, media_root):
    def drop_attachment(name, data):
        return None if name.endswith("plan.pdf") else data

    with pytest.raises(BackupError, match="missing"):
        service.restore(
            reencrypted(backup, key, drop_attachment), key, connection, media_root, force=True
        )


def test_restore_refuses_a_database_that_is_not_empty(backup, key, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKUP_KEY", key)
    with pytest.raises(CommandError, match="database is not empty"):
        call_command("restore", str(backup))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="restores into an SQLite file")
def test_restore_refuses_a_media_root_that_is_not_empty_and_force_replaces(
    backup, key, tmp_path, media
):
    target = target_connection(NAME=str(tmp_path / "new.sqlite3"))
    media_root = tmp_path / "new-media"
    (media_root / "stale").mkdir(parents=True)
    with pytest.raises(BackupError, match="media root"):
        service.restore(backup, key, target, media_root)
    assert target.introspection.table_names() == []

    service.restore(backup, key, target, media_root, force=True)
    assert media_state(media_root) == media
    assert not (media_root / "stale").exists()
    with pytest.raises(BackupError, match="database is not empty"):
        service.restore(backup, key, target, tmp_path / "other-media")
    target.close()


@pytest.mark.django_db(transaction=False)
def test_a_backup_is_never_taken_inside_a_transaction(tmp_path, key, media_root):
    with pytest.raises(BackupError, match="outside any transaction"):
        service.back_up(tmp_path / "x.age", key, connection, media_root)


def test_the_backup_command_needs_a_key_and_writes_the_file(tmp_path, monkeypatch, media_root):
    monkeypatch.delenv("BACKUP_KEY", raising=False)
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        call_command("backup", output=str(tmp_path / "x.age"))
    monkeypatch.setenv("BACKUP_KEY", "not a key")
    with pytest.raises(CommandError, match="not an age secret key"):
        call_command("backup", output=str(tmp_path / "x.age"))
    assert not os.listdir(tmp_path / "media")
    assert not (tmp_path / "x.age").exists()

    out = io.StringIO()
    call_command("backup", new_key=True, stdout=out)
    monkeypatch.setenv("BACKUP_KEY", out.getvalue())
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "backups"))
    call_command("backup", stdout=io.StringIO())
    (written,) = (tmp_path / "backups").iterdir()
    assert written.name.startswith("backup-")
    assert written.suffix == ".age"
