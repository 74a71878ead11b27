"""One scheduler process for every plugin's scheduled jobs (``manage.py run_scheduler``)."""

import logging
from datetime import datetime

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections

from plugins import ScheduledJob
from plugins.registry import installed_plugins

logger = logging.getLogger(__name__)


def scheduled_jobs() -> list[ScheduledJob]:
    """The site's own jobs (``settings.SCHEDULED_JOBS``), then every installed plugin's."""
    plugin_jobs = [job for plugin in installed_plugins() for job in plugin.scheduled_jobs]
    return [*settings.SCHEDULED_JOBS, *plugin_jobs]


class Scheduler:
    """Runs each job when it is due; a failing job is logged and tried again next time."""

    def __init__(self, jobs: list[ScheduledJob], now: datetime):
        self.due = {job: job.first_run(now) for job in jobs}

    def run_due(self, now: datetime) -> list[ScheduledJob]:
        ran = [job for job, due in self.due.items() if due <= now]
        for job in ran:
            run_job(job)
            self.due[job] = job.next_run(now)
        return ran

    def seconds_until_next(self, now: datetime) -> float:
        return max(0.0, min((due - now).total_seconds() for due in self.due.values()))


def run_job(job: ScheduledJob) -> None:
    logger.info("Scheduler: running %s %s", job.command, " ".join(job.args))
    try:
        call_command(job.command, *job.args)
    except Exception:
        logger.exception("Scheduler: %s failed; it runs again when next due", job.command)
    finally:
        close_old_connections()
