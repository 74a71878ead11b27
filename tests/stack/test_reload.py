"""SIGHUP to the stack: granian respawns its workers one by one during traffic."""

import json
import os
import signal
import time
from pathlib import Path

import pytest

from tests.stack.conftest import FAULT_CLIENTS, WORKERS
from tests.stack.support import ConnectionSampler, Traffic, report

pytestmark = pytest.mark.stack


def granian_workers(stack) -> set[int]:
    state = json.loads((stack.var / "site" / "stack.json").read_text())
    pid = state["processes"]["granian"]
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return {int(child) for child in children}


def test_granian_reload_during_traffic(stack):
    before = granian_workers(stack)
    with (
        ConnectionSampler(stack.server_url, stack.database) as sampler,
        Traffic(stack, stack.sessions(2 * FAULT_CLIENTS), FAULT_CLIENTS) as traffic,
    ):
        time.sleep(2)
        started = time.monotonic()
        os.kill(stack.process.pid, signal.SIGHUP)
        while (now := granian_workers(stack)) & before or len(now) != WORKERS:
            assert time.monotonic() - started < 90, "granian did not respawn its workers"
            time.sleep(0.2)
        reloaded = time.monotonic()
        time.sleep(3)
    writes = traffic.writes()
    report(
        stack.var,
        "granian_reload",
        {
            "requests": len(traffic.hits),
            **traffic.latency(),
            "reload_s": round(reloaded - started, 1),
            "failed": len(traffic.failures()),
            "failed_after_reload_2s": len(traffic.failures(after=reloaded + 2)),
            "max_connections": sampler.maximum,
            "budget_during_reload": stack.state["budget"]["during_reload"],
            **writes,
        },
    )
    assert not traffic.failures()
    assert writes["lost"] == writes["doubled"] == 0
    assert sampler.maximum <= stack.state["budget"]["during_reload"]
