"""Schedulers on several nodes share one schedule: each due occurrence of a job runs once,
on whichever node claims it first (plugins.scheduler.claim)."""

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connections

from plugins import ScheduledJob
from plugins.models import ScheduledJobState
from plugins.scheduler import Scheduler

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 5, 4, 8, 30, tzinfo=SHANGHAI)
EVERY = timedelta(minutes=5)


@pytest.fixture
def runs(monkeypatch):
    """The jobs run, by scheduler; a run takes a moment, as a real one does."""
    ran, lock = [], threading.Lock()

    def run_job(job):
        time.sleep(0.05)
        with lock:
            ran.append((threading.current_thread().name, job.command))

    monkeypatch.setattr("plugins.scheduler.run_job", run_job)
    return ran


@pytest.mark.django_db
def test_a_second_scheduler_skips_the_occurrence_the_first_ran_and_takes_the_next(runs):
    job = ScheduledJob("maintain", every=EVERY)
    first, second = Scheduler([job], START), Scheduler([job], START + timedelta(seconds=20))
    assert first.run_due(START) == [job]
    assert second.run_due(START + timedelta(seconds=20)) == []
    assert second.due[job] == START + EVERY  # the time the first scheduler planned
    assert second.run_due(START + EVERY) == [job]
    assert first.run_due(START + EVERY) == []
    state = ScheduledJobState.objects.get(job="maintain")
    assert state.next_due == START + 2 * EVERY
    assert state.last_run_at == START + EVERY
    assert len(runs) == 2


@pytest.mark.django_db
def test_a_shortened_rhythm_takes_effect_at_once(runs):
    ScheduledJobState.objects.create(job="maintain", next_due=START + timedelta(hours=1))
    scheduler = Scheduler([ScheduledJob("maintain", every=EVERY)], START)
    assert scheduler.seconds_until_next(START) == EVERY.total_seconds()
    assert ScheduledJobState.objects.get().next_due == START + EVERY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_run_each_occurrence_once(runs):
    """Two nodes' schedulers (threads with their own connections) reach every due occurrence
    at the same instant, four occurrences in a row: each runs once, not twice."""
    job = ScheduledJob("maintain", every=EVERY)
    occurrences = [START + n * EVERY for n in range(4)]
    barrier = threading.Barrier(2)

    def node():
        try:
            scheduler = Scheduler([job], START)
            for now in occurrences:
                barrier.wait(timeout=30)
                scheduler.run_due(now)
        finally:
            connections.close_all()

    nodes = [threading.Thread(target=node, name=f"node-{n}") for n in (1, 2)]
    for thread in nodes:
        thread.start()
    for thread in nodes:
        thread.join(60)
    assert len(runs) == len(occurrences)
    assert ScheduledJobState.objects.get().next_due == occurrences[-1] + EVERY
