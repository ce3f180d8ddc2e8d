"""Server time of the busiest pages at a few data sizes: `.venv/bin/python bench/run.py`.

For each size: a fresh SQLite file (or the given, empty PostgreSQL database),
migrated and filled with synthetic agreements; then each page is requested
through Flask's test client, twice to warm up, then --repeat times, timed.
Prints the machine, the generation times and a Markdown table with PASS or
FAIL against the target. See bench/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from flask_migrate import downgrade, upgrade
from sqlalchemy import event, inspect, text

from tracker import create_app
from tracker.config import database_url
from tracker.extensions import db
from tracker.stamped import forget_kept
from tracker.synthetic import generate

PAGES = ("/", "/timeline", "/agreements")
TARGET_MS = 150.0


class PageTiming(NamedTuple):
    size: int
    page: str
    reads: str  # "kept": as a returning reader meets it; "afresh": the first after a write
    median_ms: float
    p90_ms: float
    min_ms: float
    statements: int

    @property
    def verdict(self) -> str:
        return "PASS" if self.median_ms < TARGET_MS else "FAIL"


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    url = database_url(args.database_url) if args.database_url else None
    if url and not url.startswith("postgresql"):
        sys.exit("--database-url is for PostgreSQL; without it each size gets a SQLite file.")
    if url:
        refuse_unless_empty(url)
    print("\n".join(f"- {fact}" for fact in machine_facts(url)))
    print()
    timings: list[PageTiming] = []
    for size in args.sizes:
        with filled_database(size, url) as app:
            timings += [
                time_page(app, size, page, args.repeat, afresh)
                for page in PAGES
                for afresh in (False, True)
            ]
    print()
    print(markdown_table(timings))
    return 0


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[2000, 20000],
        help="agreement counts to measure (default: 2000 20000)",
    )
    parser.add_argument(
        "--repeat", type=int, default=15, help="timed requests per page (default: 15)"
    )
    parser.add_argument(
        "--database-url",
        help="an EMPTY PostgreSQL database to use instead of SQLite files; "
        "what the run creates there is removed afterwards",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or min(args.sizes) < 1:
        parser.error("--sizes and --repeat must be positive")
    return args


def app_for(url: str):
    # An explicit key: the benchmark must not write one into the instance folder. Pages
    # are read as an anonymous visitor may read them with TRACKER_PUBLIC_READ=1: the
    # same pages a viewer gets, without a login in every timed request.
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secrets.token_hex(16),
            "PUBLIC_READ": True,
        }
    )


def refuse_unless_empty(url: str) -> None:
    """The run drops what it creates; an empty database guarantees that is all it drops."""
    with app_for(url).app_context():
        found = inspect(db.engine)
        existing = [*found.get_table_names(), *found.get_view_names(), *found.get_sequence_names()]
        db.engine.dispose()
    if existing:
        sys.exit(
            f"{url.split('@')[-1]} is not empty ({', '.join(sorted(existing)[:5])} …); "
            "give the benchmark a database of its own."
        )


def machine_facts(url: str | None) -> list[str]:
    facts = [
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.platform()}",
        f"CPU: {cpu_model()}; {os.cpu_count()} logical CPUs, {len(os.sched_getaffinity(0))} usable",
        f"SQLite {sqlite3.sqlite_version}; SQLAlchemy {metadata.version('sqlalchemy')}, "
        f"Flask {metadata.version('flask')}",
    ]
    if url:
        with app_for(url).app_context():
            version = db.session.scalar(text("SHOW server_version"))
            db.session.remove()
            db.engine.dispose()
        facts.append(f"Database: PostgreSQL {version} at {url.split('@')[-1]}")
    else:
        facts.append("Database: a new SQLite file per size, in the temporary directory")
    return facts


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


@contextmanager
def filled_database(size: int, url: str | None) -> Iterator:
    """An app on a migrated database holding ``size`` synthetic agreements, removed after."""
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as folder:
        app = app_for(url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        with app.app_context():
            upgrade()
        try:
            with app.app_context():
                started = time.perf_counter()
                generate(
                    size,
                    progress=lambda done: print(
                        f"  {done:,} / {size:,} agreements", file=sys.stderr
                    ),
                )
                seconds = time.perf_counter() - started
                if url:
                    # What autovacuum would have done by the time anyone looks at the pages.
                    db.session.execute(text("ANALYZE"))
                    db.session.commit()
                db.session.remove()
            print(f"Generated {size:,} agreements in {seconds:.1f} s.")
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                if url:
                    remove_schema()
                db.engine.dispose()


def remove_schema() -> None:
    """Undo the migrations, then drop the version table Alembic made: the database is empty."""
    downgrade(revision="base")
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))


def time_page(app, size: int, page: str, repeat: int, afresh: bool = False) -> PageTiming:
    """Server time of ``page``: no app context is held, so each request gets its own session.

    Pages keep what they read until the data changes (tracker/stamped.py): ``afresh``
    forgets it before each request, as the first request after a write finds it."""
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    # Two warm-up requests (first-request caches); the second one's statements are counted.
    expect_ok(page, client.get(page))
    if afresh:
        forget_kept(app)
    statements = count_statements(engine, lambda: expect_ok(page, client.get(page)))
    milliseconds = []
    for _ in range(repeat):
        if afresh:
            forget_kept(app)
        started = time.perf_counter()
        response = client.get(page)
        milliseconds.append((time.perf_counter() - started) * 1000)
        expect_ok(page, response)
    ordered = sorted(milliseconds)
    return PageTiming(
        size=size,
        page=page,
        reads="afresh" if afresh else "kept",
        median_ms=statistics.median(ordered),
        p90_ms=ordered[math.ceil(0.9 * len(ordered)) - 1],  # nearest rank
        min_ms=ordered[0],
        statements=statements,
    )


def count_statements(engine, request) -> int:
    statements = 0

    def count(*_args) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        request()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statements


def expect_ok(page: str, response) -> None:
    if response.status_code != 200:
        sys.exit(f"GET {page} answered {response.status_code}; nothing to measure.")


def markdown_table(timings: list[PageTiming]) -> str:
    lines = [
        f"| size | page | reads | median ms | p90 ms | min ms | queries per request "
        f"| median < {TARGET_MS:.0f} ms |",
        "|---:|---|---|---:|---:|---:|---:|---|",
    ]
    lines += [
        f"| {t.size:,} | `{t.page}` | {t.reads} | {t.median_ms:.1f} | {t.p90_ms:.1f} "
        f"| {t.min_ms:.1f} "
        f"| {t.statements} | {t.verdict} |"
        for t in timings
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
