"""Search time at 20,000 agreements: `.venv/bin/python -m bench.search`.

A fresh SQLite file (or the given, empty PostgreSQL database) is migrated and
filled with synthetic agreements, as bench/run.py does; then each query runs
through the search page's own function (count, ranking, snippets of the first
25) --repeat times, and the whole /search page through Flask's test client.
Prints a Markdown table of medians against the 50 ms target. See bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench.run import filled_database, machine_facts, refuse_unless_empty
from tracker.config import database_url
from tracker.extensions import db
from tracker.search.index import ranked

# From the broadest (every synthetic agreement says "defence cooperation") to one record.
QUERIES = (
    "defence cooperation",
    "memorandum",
    "Norway",
    "treaty defense",
    "agreement 12345",
    "nothing matches this",
)
TARGET_MS = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database instead of SQLite")
    args = parser.parse_args(argv)
    url = database_url(args.database_url) if args.database_url else None
    if url:
        refuse_unless_empty(url)
    print("\n".join(f"- {fact}" for fact in machine_facts(url)))
    rows = []
    with filled_database(args.size, url) as app:
        app.config["PUBLIC_READ"] = True  # the page without a login: its server time only
        client = app.test_client()
        for query in QUERIES:
            with app.app_context():
                total, _hits = ranked(db.session, query, 25, 0)
                ranked(db.session, query, 25, 0)  # warm
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    ranked(db.session, query, 25, 0)
                    times.append((time.perf_counter() - started) * 1000)
            client.get("/search", query_string={"q": query})
            page_times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get("/search", query_string={"q": query})
                page_times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    sys.exit(f"/search?q={query} answered {response.status_code}")
            rows.append((query, total, statistics.median(times), statistics.median(page_times)))
    print()
    print(f"| query | matches | search median (ms) | /search page median (ms) | ≤ {TARGET_MS} ms |")
    print("|---|---:|---:|---:|---|")
    for query, total, search_ms, page_ms in rows:
        verdict = "PASS" if search_ms <= TARGET_MS else "FAIL"
        print(f"| `{query}` | {total:,} | {search_ms:.1f} | {page_ms:.1f} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
