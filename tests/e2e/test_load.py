"""bench/load.py, short and bounded, against `make run` on SQLite and PostgreSQL.

The README's figures come from 50 clients for a minute (bench/README.md);
this is the same load, smaller, holding the same promises: no 5xx, and no
write lost or wrongly applied.
"""

from __future__ import annotations

from bench.load import load, server_errors

CLIENTS = 8
SECONDS = 8


def test_many_clients_at_once_get_no_5xx_and_lose_no_update(served):
    result = load(served, CLIENTS, SECONDS, served.env["DATABASE_URL"], hot_agreements=1)

    outcomes = result.summary
    assert server_errors(result.tally) == 0, result.tally.statuses
    assert outcomes["no answer"] == 0
    assert result.problems == []
    assert outcomes["writes acknowledged"] > 0
    assert outcomes["writes unknown"] == 0
    statuses = {status for route in result.tally.statuses.values() for status in route}
    assert statuses <= {200, 302, 409}, statuses
