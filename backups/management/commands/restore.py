"""Bring a fresh installation back from a backup file (README, "Backups")."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from backups.archive import BackupError
from backups.service import migration_gaps, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `backup` into an empty database and media root, after "
        "checking every file's checksum; BACKUP_KEY must hold the key it was written with."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_file", help="the .age file written by `backup`")
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database and media root that are not empty (everything in them "
            "is lost)",
        )

    def handle(self, *args, backup_file, database="default", force=False, **options):
        key = os.environ.get("BACKUP_KEY")
        if not key:
            raise CommandError("BACKUP_KEY is not set")
        connection = connections[database]
        try:
            manifest = restore(
                Path(backup_file), key, connection, Path(settings.MEDIA_ROOT), force=force
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}: "
                f"{len(manifest['files']) - 1} media files."
            )
        )
        unapplied, unknown = migration_gaps(connection)
        if unknown:
            raise CommandError(
                "The backup comes from newer code: the database has migrations this code does "
                f"not know ({', '.join('.'.join(m) for m in unknown)}). Install that version."
            )
        if unapplied:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(unapplied)} migrations of this code are not applied yet: run "
                    "`manage.py migrate`."
                )
            )
