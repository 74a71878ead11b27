"""The scheduler runs every plugin's jobs on their rhythm and survives a failing job; the
proof that several nodes' schedulers run each occurrence once is test_scheduler_nodes.py."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from plugins import ScheduledJob
from plugins.scheduler import Scheduler, scheduled_jobs

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 5, 4, 8, 30, tzinfo=SHANGHAI)


def test_the_plugins_declare_ballot_maintenance_and_hearing_reminders():
    jobs = {job.command: job for job in scheduled_jobs()}
    assert jobs["ballots_maintain"].args == ("--mix-open",)
    assert jobs["ballots_maintain"].every == timedelta(minutes=5)
    assert jobs["send_hearing_reminders"].at == time(9, 0)


@pytest.mark.django_db
def test_interval_jobs_run_at_start_then_every_interval_daily_jobs_at_their_time(monkeypatch):
    ran = []
    monkeypatch.setattr("plugins.scheduler.run_job", lambda job: ran.append(job.command))
    every = ScheduledJob("maintain", every=timedelta(minutes=5))
    daily = ScheduledJob("remind", at=time(9, 0))
    scheduler = Scheduler([every, daily], START)
    minute = timedelta(minutes=1)
    for step in range(24 * 60 + 1):
        scheduler.run_due(START + step * minute)
    assert ran.count("maintain") == 24 * 12 + 1
    assert ran.count("remind") == 1
    assert scheduler.due[daily] == datetime(2026, 5, 5, 9, 0, tzinfo=SHANGHAI)
    assert scheduler.seconds_until_next(START + 24 * 60 * minute) == 5 * 60


# Transactional: a job's end closes the connection, which a test's wrapping transaction forbids.
@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_logged_and_tried_again(monkeypatch, caplog):
    calls = []

    def fail(name, *args):
        calls.append(name)
        raise RuntimeError("database away")

    monkeypatch.setattr("plugins.scheduler.call_command", fail)
    job = ScheduledJob("maintain", every=timedelta(minutes=5))
    scheduler = Scheduler([job], START)
    scheduler.run_due(START)
    scheduler.run_due(START + timedelta(minutes=5))
    assert calls == ["maintain", "maintain"]
    assert "maintain failed" in caplog.text
