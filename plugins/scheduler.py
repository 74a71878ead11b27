"""The scheduler (``manage.py run_scheduler``): every plugin's scheduled jobs, safe to run on
several nodes at once.

Each job's next due time is a row shared by every scheduler (ScheduledJobState). A scheduler
that finds a job due first claims the occurrence, moving the row's ``next_due`` past it in one
conditional UPDATE, and runs the job only if that UPDATE changed the row; another node's
scheduler finds it already moved and just takes the new due time. PostgreSQL re-checks the
condition after waiting for a concurrent UPDATE of the row, SQLite runs one writer at a time:
either way exactly one claim succeeds per occurrence.
"""

import logging
import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, close_old_connections

from plugins import ScheduledJob
from plugins.models import ScheduledJobState
from plugins.registry import installed_plugins

logger = logging.getLogger(__name__)
# With the database away, look again this much later (it decides who runs what).
RETRY_AFTER = timedelta(seconds=30)


def scheduled_jobs() -> list[ScheduledJob]:
    """The site's own jobs (``settings.SCHEDULED_JOBS``), then every installed plugin's."""
    plugin_jobs = [job for plugin in installed_plugins() for job in plugin.scheduled_jobs]
    return [*settings.SCHEDULED_JOBS, *plugin_jobs]


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Scheduler:
    """Runs each job when it is due, unless another node's scheduler ran that occurrence; a
    failing job is logged and tried again next time."""

    def __init__(self, jobs: list[ScheduledJob], now: datetime):
        self.due = {job: join_schedule(job, now) for job in jobs}

    def run_due(self, now: datetime) -> list[ScheduledJob]:
        ran = []
        for job in [job for job, due in self.due.items() if due <= now]:
            try:
                claimed = claim(job, now)
                self.due[job] = job.next_run(now) if claimed else next_due(job)
            except DatabaseError:
                logger.exception("Scheduler: cannot reach the schedule; %s waits", job.key)
                close_old_connections()
                self.due[job] = now + RETRY_AFTER
                continue
            if claimed:
                run_job(job)
                ran.append(job)
        return ran

    def seconds_until_next(self, now: datetime) -> float:
        return max(0.0, min((due - now).total_seconds() for due in self.due.values()))


def join_schedule(job: ScheduledJob, now: datetime) -> datetime:
    """The job's next due time in the shared schedule, created at its first run if missing.

    A rhythm shortened (or a daily time moved earlier) since the row was written takes effect
    now; a later one after the occurrence already planned.
    """
    soonest = job.next_run(now)
    state, _created = ScheduledJobState.objects.get_or_create(
        job=job.key, defaults={"next_due": job.first_run(now)}
    )
    if state.next_due > soonest:
        ScheduledJobState.objects.filter(job=job.key, next_due__gt=soonest).update(next_due=soonest)
    return min(state.next_due, soonest)


def claim(job: ScheduledJob, now: datetime) -> bool:
    """Whether this process takes the occurrence of ``job`` due at or before ``now``."""
    moved = ScheduledJobState.objects.filter(job=job.key, next_due__lte=now).update(
        next_due=job.next_run(now), last_run_at=now, last_run_by=this_process()
    )
    return moved == 1


def next_due(job: ScheduledJob) -> datetime:
    return ScheduledJobState.objects.values_list("next_due", flat=True).get(job=job.key)


def run_job(job: ScheduledJob) -> None:
    logger.info("Scheduler: running %s", job.key)
    try:
        call_command(job.command, *job.args)
    except Exception:
        logger.exception("Scheduler: %s failed; it runs again when next due", job.command)
    finally:
        close_old_connections()
