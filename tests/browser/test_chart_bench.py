"""The chart bench (bench/charts.py) still measures what it says, in its quick mode.

It runs as a command, as people run it: Playwright's sync API cannot start a
second time inside this process, where the browser fixture holds it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.charts import PAGES
from bench.served import ROOT

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("browser")  # skips without chromium, or fails where CI requires it
def test_chart_bench_times_every_chart_of_both_pages_cold_and_warm():
    done = subprocess.run(
        [sys.executable, "-m", "bench.charts", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "300 agreements, 2 runs" in done.stdout
    for path in PAGES:
        assert done.stdout.count(f"| `{path}` |") == 4  # the medians row, and one per load
