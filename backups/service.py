"""Backing up an installation into one encrypted file, and bringing a fresh one back from it.

The database is copied first, then the media: a file is written before the row that names it
commits, so every file a row of the copy refers to is already on disk when the media are read.
"""

import shutil
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from backups import archive, database
from backups.archive import BackupError
from plugins.registry import installed_plugins


def _project_version() -> str:
    try:
        return version("community-cms")
    except PackageNotFoundError:
        return "unknown"


def applied_migrations(connection) -> dict[str, list[str]]:
    applied = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def back_up(out: Path, key: str, connection, media_root: Path) -> dict:
    """Write the encrypted backup of ``connection``'s database and ``media_root`` to ``out``."""
    archive.identity_from(key)  # refuse a bad key before any work
    if connection.in_atomic_block:
        # What prepare_backup changes must be committed before the copy is taken, and
        # SQLite's backup API waits forever on its own connection's open write transaction.
        raise BackupError("a backup is taken outside any transaction")
    for plugin in installed_plugins():
        plugin.prepare_backup()
    name = database.dump_name(connection.vendor)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": name},
        "versions": {
            "community-cms": _project_version(),
            **{plugin.label: plugin.version for plugin in installed_plugins()},
        },
        "migrations": applied_migrations(connection),
    }
    with tempfile.TemporaryDirectory(prefix="backup-") as private:  # mode 0700
        dump_file = Path(private) / name
        database.dump(connection, dump_file)
        return archive.write_archive(out, key, dump_file, name, manifest, media_root)


def restore(backup_file: Path, key: str, connection, media_root: Path, *, force=False) -> dict:
    """Restore ``backup_file`` into ``connection``'s database and ``media_root``.

    Everything is decrypted into a staging directory and checked against the manifest before
    the database or the media root is touched; both must be empty unless ``force``.
    """
    media_root = Path(media_root)
    existing = connection.introspection.table_names()
    if existing and not force:
        raise BackupError(
            f"the database is not empty ({len(existing)} tables); restore into a new one, "
            "or pass --force to replace it"
        )
    if media_root.is_dir() and any(media_root.iterdir()) and not force:
        raise BackupError(f"the media root {media_root} is not empty; pass --force to replace it")
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside the media root, so that the media are moved into place, not copied.
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_root.parent) as staging:
        staging = Path(staging)
        manifest = archive.stage_archive(Path(backup_file), key, staging)
        if manifest["database"]["vendor"] != connection.vendor:
            raise BackupError(
                f"the backup holds a {manifest['database']['vendor']} database, "
                f"not {connection.vendor}"
            )
        database.restore(connection, staging / manifest["database"]["file"], replace=bool(existing))
        if media_root.exists():
            shutil.rmtree(media_root)
        staged_media = staging / archive.MEDIA_PREFIX.rstrip("/")
        staged_media.mkdir(exist_ok=True)
        staged_media.replace(media_root)
    return manifest


def migration_gaps(connection) -> tuple[list, list]:
    """``(unapplied, unknown)``: migrations the code has that the database lacks (run migrate),
    and migrations the database has that the code does not know (the backup is newer)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    known = set(loader.disk_migrations)
    unapplied = sorted(known - applied)
    unknown = sorted(key for key in applied - known if key[0] in loader.migrated_apps)
    return unapplied, unknown
