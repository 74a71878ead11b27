"""The retention job: expired personal-data access log entries and old sign-in records go."""

from django.core.management.base import BaseCommand

from participation.core.access_log import prune_access_log
from participation.residents.security import prune_sign_in_records


class Command(BaseCommand):
    help = (
        "Delete access log entries past ACCESS_LOG_RETENTION_DAYS and sign-in records older "
        "than SIGN_IN_RECORDS_RETENTION_DAYS (idempotent; the scheduler runs it daily)."
    )

    def handle(self, *args, **options):
        entries = prune_access_log()
        sign_ins = prune_sign_in_records()
        self.stdout.write(f"Deleted {entries} access log entries and {sign_ins} sign-in records.")
