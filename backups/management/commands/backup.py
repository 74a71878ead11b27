"""Write one encrypted backup file of the database and the media root (README, "Backups")."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from backups import archive
from backups.archive import BackupError
from backups.service import back_up


class Command(BaseCommand):
    help = (
        "Back up the database and the media root (protected attachments included) into one file "
        "encrypted with the age key in BACKUP_KEY. --new-key prints a key to keep."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the file to write (default: backup-<time>.age in BACKUP_DIR or the current "
            "directory)",
        )
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument(
            "--new-key", action="store_true", help="print a new BACKUP_KEY and exit"
        )

    def handle(self, *args, output=None, database="default", new_key=False, **options):
        if new_key:
            self.stdout.write(archive.new_key())
            return
        key = os.environ.get("BACKUP_KEY")
        if not key:
            raise CommandError("BACKUP_KEY is not set (make one with --new-key and keep it safe)")
        out = Path(output) if output else default_output()
        try:
            manifest = back_up(out, key, connections[database], Path(settings.MEDIA_ROOT))
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = out.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {out} ({size} bytes, {len(manifest['files']) - 1} media files)"
            )
        )


def default_output() -> Path:
    directory = Path(os.environ.get("BACKUP_DIR", "."))
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return directory / f"backup-{stamp}.age"
