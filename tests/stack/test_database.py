"""The site's database connections terminated (pg_terminate_backend) during traffic and while
idle: a 5xx only at the instant of the fault, none 2 s after it, no write lost or doubled."""

import time

import psycopg
import pytest

from tests.stack.conftest import FAULT_CLIENTS, FAULT_SECONDS
from tests.stack.support import ConnectionSampler, Traffic, report

pytestmark = pytest.mark.stack


def terminate_connections(stack) -> int:
    query = (
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()"
    )
    with psycopg.connect(stack.server_url, autocommit=True) as connection:
        return connection.execute(query, [stack.database]).fetchone()[0]


def test_terminated_connections_during_traffic(stack):
    sessions = stack.sessions(2 * FAULT_CLIENTS)
    with (
        ConnectionSampler(stack.server_url, stack.database) as sampler,
        Traffic(stack, sessions, FAULT_CLIENTS) as traffic,
    ):
        time.sleep(FAULT_SECONDS / 3)
        fault = time.monotonic()
        terminated = terminate_connections(stack)
        time.sleep(FAULT_SECONDS * 2 / 3)
    writes = traffic.writes()
    late = traffic.failures(after=fault + 2)
    report(
        stack.var,
        "database_terminated",
        {
            "requests": len(traffic.hits),
            **traffic.latency(),
            "terminated": terminated,
            "failed_at_fault": len(traffic.failures()) - len(late),
            "failed_after_2s": len(late),
            "max_connections": sampler.maximum,
            **writes,
        },
    )
    assert terminated > 0
    assert not late
    assert writes["lost"] == writes["doubled"] == 0


def test_connections_terminated_while_idle_fail_no_later_request(stack):
    """A pooled connection killed while idle must not fail the request that next takes it."""
    stack.healthy()
    resident = stack.client(stack.sessions(1)[0])  # signed in: no page cache, the database
    for _ in range(8):
        assert resident.get("/accounts/profile/").status == 200
    assert terminate_connections(stack) > 0
    time.sleep(2.5)
    statuses = [resident.get(path).status for path in stack.seed["pages"][:10] * 2]
    report(stack.var, "database_terminated_idle", {"statuses": sorted(set(statuses))})
    assert max(statuses) < 500
