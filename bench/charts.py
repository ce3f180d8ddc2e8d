"""Time until every chart is drawn in Chromium: `.venv/bin/python -m bench.charts`.

A scratch SQLite file is migrated and filled with `tracker generate
--agreements N` (default 20,000), served with the README's `make run`, and
Debian's Chromium, logged in as a viewer, loads the dashboard `/` and
`/timeline`. Each load is timed from the start of the navigation
(performance.now() in the page) until the last of the page's plotly figures is
drawn (`Plotly.newPlot` has resolved for every chart-data island) and the next
frame is painted.

Each run gives the page a new, empty browser profile. Chromium opens /healthz
first and is left to settle, so that its start is not counted:
- cold: the first visit, with nothing of the page in the HTTP cache;
- second: the page again at once, in the same browser: plotly.js from the HTTP
  cache, and compiled code still in memory. This second run of the script is
  when Chromium writes V8's code cache for it;
- warm: a returning visitor. The browser is closed and started again on the
  same profile: plotly.js from the HTTP cache and its compiled code from V8's
  code cache on disk, nothing in memory.

The phases come from the Performance API: the HTML (server and transfer),
plotly.js ready to run (fetched, and the page parsed: deferred scripts wait for
both), plotly.js evaluated (it assigns `window.Plotly`), every figure drawn,
and the next frame. `--plotly-js FILE` (again for more) also times the pages
with FILE served as their plotly.js, taking turns with the app's own in each
run, to weigh a smaller bundle before the app serves one. A small proxy in this
process swaps FILE in for the body of the app's answer, keeping its headers
(Playwright's own request interception would turn the HTTP cache off).

Prints Markdown tables of medians.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from playwright.sync_api import sync_playwright

from bench.load import generate
from bench.plotly_swap import substituting
from bench.served import CHROMIUM, CHROMIUM_ARGS, Served, make_run

VIEWPORT = {"width": 1280, "height": 900}
PAGES = ("/", "/timeline")
LOADS = ("cold", "second", "warm")
TARGET_MS = {"cold": 1000, "warm": 400}
READER = "chart-bench"
PASSWORD = "chart bench password, long enough"  # noqa: S105 - an account of a scratch database
WAIT_MS = 60_000

# Runs before any script of the page. plotly.js ends with `window.Plotly = Plotly`: the
# setter notes that moment and hands charts.js a Plotly whose newPlot notes when each
# figure is drawn. When every chart-data island has one, the next frame is awaited
# (requestAnimationFrame, then a task: the frame has been painted by then).
MARKS = """(() => {
  const marks = (window.__charts = {drawn: 0});
  let plotly, painted;
  marks.done = new Promise((resolve) => { painted = resolve; });
  function noteDrawn() {
    marks.drawn += 1;
    if (marks.drawn < document.querySelectorAll("script.chart-data").length) return;
    marks.allDrawn = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { marks.painted = performance.now(); painted(); };
      channel.port2.postMessage(null);
    });
  }
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get() { return plotly; },
    set(real) {
      if (real === plotly) return;  // a bundle handing back what it read: wrap once
      marks.evaluated = performance.now();
      plotly = Object.create(real);
      plotly.newPlot = function () {
        return real.newPlot.apply(real, arguments).then((chart) => { noteDrawn(); return chart; });
      };
    },
  });
})();"""

# Awaited through page.evaluate, which the pages' CSP (script-src 'self') allows, where
# wait_for_function's polling would need eval.
DRAWN = """(limit) => Promise.race([
  window.__charts.done,
  new Promise((_, fail) => setTimeout(() => fail(new Error("charts not drawn in time")), limit)),
])"""

PHASES = """() => {
  const page = performance.getEntriesByType("navigation")[0];
  const plotly = performance.getEntriesByType("resource").find(
    (entry) => entry.name.includes("/assets/plotly-"));
  const marks = window.__charts;
  return {
    html: page.responseEnd,
    parsed: page.domInteractive,
    fetched: plotly.responseEnd,
    transferred: plotly.transferSize,
    evaluated: marks.evaluated,
    drawn: marks.allDrawn,
    painted: marks.painted,
    charts: document.querySelectorAll(".chart-area").length,
    withSvg: [...document.querySelectorAll(".chart-area")].filter(
      (area) => area.querySelector(".main-svg")).length,
    drawnCharts: marks.drawn,
    // A bundle without a trace type draws the trace as a scatter, silently.
    redrawn: [...document.querySelectorAll(".chart-area")].flatMap((area) =>
      (area._fullData || [])
        .filter((trace) => trace.type !== (area.data[trace.index].type || "scatter"))
        .map((trace) => `${area.id}: ${area.data[trace.index].type} drawn as ${trace.type}`)),
  };
}"""


@dataclass
class Load:
    """One page load's moments, in ms since its navigation started."""

    html: float
    ready: float  # plotly.js fetched and the page parsed: it may run
    evaluated: float
    drawn: float
    painted: float
    transferred: int

    @classmethod
    def from_page(cls, phases: dict) -> Load:
        if not phases["charts"] == phases["withSvg"] == phases["drawnCharts"]:
            raise RuntimeError(
                f"{phases['drawnCharts']} figures drawn, {phases['withSvg']} of"
                f" {phases['charts']} chart areas hold plotly's SVG"
            )
        if phases["redrawn"]:
            raise RuntimeError(
                "the served plotly.js lacks a trace type: " + "; ".join(phases["redrawn"])
            )
        return cls(
            html=phases["html"],
            ready=max(phases["parsed"], phases["fetched"]),
            evaluated=phases["evaluated"],
            drawn=phases["drawn"],
            painted=phases["painted"],
            transferred=phases["transferred"],
        )


def time_page(playwright, url: str, cookies: list[dict], settle_ms: int) -> dict[str, Load]:
    """Cold, second and warm load of ``url``, from a new, empty browser profile."""
    with tempfile.TemporaryDirectory(prefix="chart-bench-profile-") as profile:
        first = load_in_browser(playwright, profile, url, cookies, ("cold", "second"), settle_ms)
        return first | load_in_browser(playwright, profile, url, cookies, ("warm",), settle_ms)


def load_in_browser(playwright, profile, url, cookies, loads, settle_ms) -> dict[str, Load]:
    """Start Chromium on ``profile``, load ``url`` once for each of ``loads``, and close it."""
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=VIEWPORT
    )
    try:
        context.add_cookies(cookies)
        context.add_init_script(MARKS)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(error))
        # A browser just started is busy for a moment; on two cores it would slow the server.
        origin = urlsplit(url)
        page.goto(f"{origin.scheme}://{origin.netloc}/healthz")
        page.wait_for_timeout(settle_ms)
        timed = {}
        for load in loads:
            page.goto(url)
            page.evaluate(DRAWN, WAIT_MS)
            try:
                timed[load] = Load.from_page(page.evaluate(PHASES))
            except RuntimeError as error:
                raise RuntimeError(f"{url}, {load} load: {error}") from None
        if errors:
            raise RuntimeError(f"{url} threw: {errors[0]}")
        page.wait_for_timeout(settle_ms)  # Chromium writes V8's code cache after the run
        return timed
    finally:
        context.close()


def reader_cookies(playwright, served: Served) -> list[dict]:
    """A viewer's session, logged in through the form as a person would: its cookies."""
    try:
        served.tracker("set-password", READER, "--password-stdin", stdin=PASSWORD + "\n")
    except RuntimeError:  # a database this bench has not used before
        served.tracker(
            "create-user", READER, "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n"
        )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = browser.new_page()
        page.goto(served.url + "/login")
        page.get_by_label("Username").fill(READER)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/login" not in url)
        return page.context.cookies()
    finally:
        browser.close()


def warm_server(base: str, cookies: list[dict]) -> None:
    """Each gunicorn worker's first request of a page fills caches a reader never waits for."""
    jar = {cookie["name"]: cookie["value"] for cookie in cookies}
    for path in PAGES:
        for _ in range(4):
            requests.get(base + path, cookies=jar, timeout=60).raise_for_status()


@contextmanager
def scratch_database(agreements: int, keep: Path | None) -> Iterator[tuple[str, Path, int]]:
    """A filled SQLite file, a folder for the server's log, and how many agreements the file
    holds: ``keep`` is filled when missing, and reused as it is otherwise."""
    with tempfile.TemporaryDirectory(prefix="tracker-charts-") as folder:
        path = keep.resolve() if keep else Path(folder) / "tracker.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists():
            print(f"Reusing {path} as it is.", file=sys.stderr)
        else:
            print(f"Generating {agreements:,} agreements into {path} …", file=sys.stderr)
            generate(url, agreements)
        with closing(sqlite3.connect(path)) as connection:
            (held,) = connection.execute("SELECT count(*) FROM agreement").fetchone()
        yield url, Path(folder), held


Results = dict[str, dict[str, list[dict[str, Load]]]]  # bundle → page → runs → load


def median_table(results: Results) -> str:
    lines = [
        "Until every chart is drawn and painted, median ms:",
        "",
        "| plotly.js | page | cold | second | warm | cold ≤ 1000 | warm ≤ 400 |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for bundle, pages in results.items():
        for path, runs in pages.items():
            medians = {load: statistics.median(run[load].painted for run in runs) for load in LOADS}
            cells = " | ".join(f"{medians[load]:.0f}" for load in LOADS)
            verdicts = " | ".join(
                "PASS" if medians[load] <= target else "FAIL" for load, target in TARGET_MS.items()
            )
            lines.append(f"| {bundle} | `{path}` | {cells} | {verdicts} |")
    return "\n".join(lines)


PHASES_SHOWN = {
    "HTML (server)": lambda load: load.html,
    "until plotly.js may run": lambda load: load.ready - load.html,
    "plotly.js evaluated": lambda load: load.evaluated - load.ready,
    "figures drawn": lambda load: load.drawn - load.evaluated,
    "next frame": lambda load: load.painted - load.drawn,
}


def phase_table(results: Results) -> str:
    lines = [
        "Where the time goes, median ms of each phase (plotly.js bytes received: 0 from the"
        " cache, about 300 for a 304 when the cached copy was revalidated):",
        "",
        f"| plotly.js | page | load | {' | '.join(PHASES_SHOWN)} | plotly.js bytes received |",
        "|---|---|---|" + "---:|" * (len(PHASES_SHOWN) + 1),
    ]
    for bundle, pages in results.items():
        for path, runs in pages.items():
            for load in LOADS:
                loads = [run[load] for run in runs]
                cells = [statistics.median(map(phase, loads)) for phase in PHASES_SHOWN.values()]
                sent = statistics.median(each.transferred for each in loads)
                lines.append(
                    f"| {bundle} | `{path}` | {load} | "
                    + " | ".join(f"{cell:.0f}" for cell in cells)
                    + f" | {sent:,.0f} |"
                )
    return "\n".join(lines)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=7, help="new profiles per page (default 7)")
    parser.add_argument(
        "--settle",
        type=float,
        default=2.0,
        help="seconds a started browser is left alone before and after its loads (default 2)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="300 agreements, 2 runs, 0.25 s to settle: a check"
    )
    parser.add_argument(
        "--database", type=Path, help="an SQLite file to keep: filled when missing, else reused"
    )
    parser.add_argument(
        "--plotly-js",
        type=Path,
        action="append",
        default=[],
        help="also time the pages with this file as their plotly.js (may be given again)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.agreements, args.runs, args.settle = 300, 2, 0.25
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    with (
        scratch_database(args.agreements, args.database) as (url, folder, agreements),
        make_run(url, folder, first_admin=False) as served,
        sync_playwright() as playwright,
        ExitStack() as proxies,
    ):
        cookies = reader_cookies(playwright, served)
        warm_server(served.url, cookies)
        bases = {"the app's": served.url}
        for file in args.plotly_js:
            bases[file.name] = proxies.enter_context(substituting(served.url, file))
        results: Results = {bundle: {path: [] for path in PAGES} for bundle in bases}
        for run in range(args.runs):
            print(f"  run {run + 1} of {args.runs}", file=sys.stderr)
            # Bundles take turns within a run, so that a busy moment slows them alike.
            for bundle, base in bases.items():
                for path in PAGES:
                    results[bundle][path].append(
                        time_page(playwright, base + path, cookies, round(args.settle * 1000))
                    )
    print(f"{agreements:,} agreements, {args.runs} runs:\n")
    print(median_table(results))
    print()
    print(phase_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
