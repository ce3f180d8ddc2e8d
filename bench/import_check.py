"""Time checking one agreement with many milestones: `.venv/bin/python bench/import_check.py`.

For each size: a document with one agreement of that many milestones (each
depending on one or two earlier ones, as a plan does), checked by
``plan_import`` against a freshly migrated SQLite file, --repeat times.
Prints the machine and a Markdown table of the median, fastest and slowest
check, and the median per milestone. See bench/README.md.
"""

from __future__ import annotations

import argparse
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from tracker import create_app
from tracker.extensions import db
from tracker.interchange.importer import plan_import
from tracker.interchange.shape import FORMAT, VERSION
from tracker.models import MilestoneKind

PILLARS = ("Drone Production", "Air Defense", "Ammunition")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1000, 10000, 100000],
        help="milestones in the agreement (default: 1000 10000 100000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="checks per size (default: 3)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or min(args.sizes) < 1:
        parser.error("--sizes and --repeat must be positive")
    print(f"- Python {platform.python_version()}, {platform.platform()}")
    rows = [
        "| milestones | median s | min s | max s | median µs per milestone |",
        "|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'b.sqlite3'}",
                "SECRET_KEY": secrets.token_hex(16),
            }
        )
        with app.app_context():
            upgrade()
            for size in args.sizes:
                seconds = sorted(check_seconds(document(size)) for _ in range(args.repeat))
                median = statistics.median(seconds)
                print(
                    f"  {size:,} milestones: {', '.join(f'{s:.2f}' for s in seconds)} s",
                    file=sys.stderr,
                )
                rows.append(
                    f"| {size:,} | {median:.2f} | {seconds[0]:.2f} | {seconds[-1]:.2f} "
                    f"| {median / size * 1e6:.0f} |"
                )
            db.session.remove()
            db.engine.dispose()
    print("\n".join(rows))
    return 0


def document(milestones: int) -> dict:
    """One valid agreement whose milestones form a long chain with branches."""
    kinds = [kind.value for kind in MilestoneKind]
    items = []
    for index in range(milestones):
        earlier = sorted({index - 1, index // 2} - {index}) if index else []
        items.append(
            {
                "key": f"m-{index}",
                "title": f"Milestone {index}",
                "kind": kinds[index % len(kinds)],
                "pillar": PILLARS[index % len(PILLARS)],
                "due": f"{2026 + index % 5}-{index % 12 + 1:02}",
                "depends_on": [f"m-{other}" for other in earlier],
            }
        )
    agreement = {
        "key": "bench-agreement",
        "title": "Benchmark agreement",
        "kind": "treaty",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        "pillars": [{"focus_area": name} for name in PILLARS],
        "milestones": items,
    }
    return {"format": FORMAT, "version": VERSION, "agreements": [agreement]}


def check_seconds(checked: dict) -> float:
    started = time.perf_counter()
    (plan,) = plan_import(checked)
    seconds = time.perf_counter() - started
    db.session.rollback()
    assert len(plan.milestones) == len(checked["agreements"][0]["milestones"])
    return seconds


if __name__ == "__main__":
    sys.exit(main())
