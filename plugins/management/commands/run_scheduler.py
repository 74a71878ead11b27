"""The scheduler process: every plugin's scheduled jobs, until SIGTERM or Ctrl-C."""

import signal
import threading

from django.core.management.base import BaseCommand
from django.utils import timezone

from plugins.scheduler import Scheduler, scheduled_jobs

# Woken at least this often, so a changed clock never delays a job for long.
LONGEST_SLEEP = 30.0


class Command(BaseCommand):
    help = (
        "Run the site's scheduled jobs (personal-data records pruned daily at 03:30) and the "
        "plugins' (ballot roll and box maintenance every five minutes, hearing reminders daily "
        "at 09:00) in one process, until stopped."
    )

    def handle(self, *args, **options):
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        jobs = scheduled_jobs()
        self.stdout.write("Scheduler: " + ", ".join(job.command for job in jobs))
        scheduler = Scheduler(jobs, timezone.now())
        while not stop.is_set():
            scheduler.run_due(timezone.now())
            stop.wait(min(LONGEST_SLEEP, scheduler.seconds_until_next(timezone.now())))
