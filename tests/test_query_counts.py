"""No page runs more SQL statements as the data grows: an N+1 query fails here.

Each page is requested with 10 agreements and again with 1,000, and must run
the same number of statements both times. Generating 1,000 agreements takes
seconds, so whichever test comes first on a database measures every page and
the others reuse its numbers; any test may come first, or run alone.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import NamedTuple

import pytest
from sqlalchemy import event, select

from tracker.extensions import db
from tracker.models import Agreement
from tracker.synthetic import generate

AGREEMENT_PAGE = "/agreements/{key}"
PAGES = [
    "/",
    "/timeline",
    "/agreements",
    "/agreements?party=UKR&sort=title",
    "/timeline?party=UKR",
    "/timeline?baseline=2025-01-01",  # plus one query: the audit entries of the lanes' milestones
    "/parties/UKR",
    "/compare",
    "/compare?party=UKR&sort=NATO+accession",
    "/commitments",
    "/commitments?currency=NOK",
    "/rates/",
    "/search?q=defence+cooperation",
    "/milestones",
    "/milestones?state=overdue&status=planned&status=delayed&sort=-slip",
    AGREEMENT_PAGE,
]
FEW, MANY = 10, 1000


class Measurement(NamedTuple):
    path: str
    statuses: tuple[int, int]
    statements: tuple[int, int]


@contextmanager
def counting_statements(engine):
    """Collect every statement sent to the database while the block runs."""
    statements: list[str] = []

    def collect(_connection, _cursor, statement, _parameters, _context, _executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", collect)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", collect)


def request_statements(client, path: str) -> tuple[int, int]:
    """(status, statement count) of one request, after a warm-up request."""
    # The app context outlives the requests here, so start each from an empty
    # session as a real request would; otherwise its identity map saves queries.
    db.session.remove()
    client.get(path)  # first-request caches
    db.session.remove()
    with counting_statements(db.engine) as statements:
        response = client.get(path)
    db.session.remove()
    return response.status_code, len(statements)


def measure_every_page(client) -> dict[str, Measurement]:
    generate(FEW, seed=1)
    # The same agreement at both sizes: the first one generated.
    key = db.session.scalar(select(Agreement.key).order_by(Agreement.id).limit(1))
    paths = {page: page.format(key=key) for page in PAGES}
    few = {page: request_statements(client, path) for page, path in paths.items()}
    generate(MANY - FEW, seed=2)
    many = {page: request_statements(client, path) for page, path in paths.items()}
    return {
        page: Measurement(paths[page], (few[page][0], many[page][0]), (few[page][1], many[page][1]))
        for page in PAGES
    }


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, Measurement]]:
    """Every page's measurement, by database kind, filled by the first test on each."""
    return {}


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_as_many_statements_with_1000_agreements_as_with_10(app, client, measured, page):
    kind = app.config["DATABASE_KIND"]
    if kind not in measured:
        measured[kind] = measure_every_page(client)
    path, statuses, (few, many) = measured[kind][page]
    print(f"{kind} {path}: {few} statements with {FEW} agreements, {many} with {MANY:,}")
    assert statuses == (200, 200), f"{path} answered {statuses}"
    assert few == many, (
        f"{path} runs {few} statements with {FEW} agreements but {many} with {MANY:,} "
        f"on {kind}: some query runs once per row"
    )
