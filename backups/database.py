"""A consistent copy of the database, and putting one back, for PostgreSQL and SQLite.

PostgreSQL: ``pg_dump --format=custom`` (one snapshot) and ``pg_restore`` in one transaction.
SQLite: the online backup API, which copies a consistent state while the site runs.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from backups.archive import BackupError

DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


def dump_name(vendor: str) -> str:
    try:
        return DUMP_NAMES[vendor]
    except KeyError:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}") from None


def _libpq(settings_dict: dict) -> tuple[list, dict]:
    """``--dbname`` and the environment (password) for pg_dump and pg_restore."""
    parts = {
        "dbname": settings_dict["NAME"],
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "user": settings_dict.get("USER"),
    }
    conninfo = " ".join(f"{key}={_quoted(value)}" for key, value in parts.items() if value)
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return [f"--dbname={conninfo}"], env


def _quoted(value) -> str:
    """A libpq connection-string value: single-quoted, backslash and quote escaped."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _run(command: list, env: dict) -> None:
    # A fixed argument list (no shell); the only values are the configured database's.
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools)") from error
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def dump(connection, target: Path) -> None:
    """Write a consistent copy of ``connection``'s database to ``target``."""
    if connection.vendor == "postgresql":
        dbname, env = _libpq(connection.settings_dict)
        _run(["pg_dump", "--format=custom", f"--file={target}", *dbname], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        dump_name(connection.vendor)


def restore(connection, staged: Path, *, replace: bool) -> None:
    """Load the staged copy into ``connection``'s database; ``replace`` first empties it."""
    if connection.vendor == "postgresql":
        if replace:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
        connection.close()
        dbname, env = _libpq(connection.settings_dict)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *dbname,
                str(staged),
            ],
            env,
        )
    elif connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            raise BackupError("cannot restore into an in-memory SQLite database")
        connection.close()
        target = Path(connection.settings_dict["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(staged, target)
    else:
        dump_name(connection.vendor)
