"""STACK_LOAD_CLIENTS residents (64) for STACK_LOAD_SECONDS (30): reading and commenting.
No 5xx, no write lost or doubled, connections within the budget."""

import time

import pytest

from tests.stack.conftest import LOAD_CLIENTS, LOAD_SECONDS
from tests.stack.support import ConnectionSampler, Traffic, report

pytestmark = pytest.mark.stack


def test_many_residents_at_once(stack):
    with (
        ConnectionSampler(stack.server_url, stack.database) as sampler,
        Traffic(stack, stack.sessions(2 * LOAD_CLIENTS), LOAD_CLIENTS) as traffic,
    ):
        time.sleep(LOAD_SECONDS)
    writes = traffic.writes()
    statuses = {}
    for hit in traffic.hits:
        statuses[hit.status] = statuses.get(hit.status, 0) + 1
    report(
        stack.var,
        "load",
        {
            "clients": LOAD_CLIENTS,
            "seconds": LOAD_SECONDS,
            "requests": len(traffic.hits),
            **traffic.latency(),
            "per_second": round(len(traffic.hits) / LOAD_SECONDS, 1),
            "statuses": dict(sorted(statuses.items())),
            "failed": len(traffic.failures()),
            "max_connections": sampler.maximum,
            "budget": stack.state["budget"]["steady"],
            **writes,
        },
    )
    assert not traffic.failures()
    assert writes["stored"] > 0
    assert writes["lost"] == writes["doubled"] == 0
    assert sampler.maximum <= stack.state["budget"]["steady"]
