"""Many staff at once against the served app: `.venv/bin/python -m bench.load`.

The README's `make run` serves a database filled with generated agreements;
N clients (default 50), each logged in as an analyst through the login form,
then request for a bounded time what staff open at the start of the day
(the dashboard, the timeline, the list, an agreement, the API list) and
what analysts write (an agreement's form, an API PATCH with the version
read). Writes go to a few "hot" agreements, so that they collide.

At the end it reads the database and checks that nothing was lost: every
write the server acknowledged is in the audit trail, every refused one (a
409 the client saw) is not, and each hot agreement's version went up by
exactly the number of writes that landed on it.

With ``--datasette``, the same number of clients then request our list page,
and Datasette's table page on the same SQLite file, for the same time each:
the ratio of the two throughputs is the anchor the README quotes.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import requests
from sqlalchemy import create_engine, text

from bench.browser import Browser
from bench.served import ROOT, Served, free_port, make_run
from tracker.config import database_url as normalised_url

API = "/api/v1"
PASSWORD = "load run password, long enough"  # noqa: S105 - throwaway accounts of a bench
ANALYSTS = 10  # clients share these accounts, several sessions each
HOT_AGREEMENTS = 20  # the agreements every write goes to
REQUEST_TIMEOUT = 60
READS = (  # (route, weight): what staff open, most often the list and agreements
    ("GET /", 2),
    ("GET /timeline", 2),
    ("GET /agreements", 3),
    ("GET /agreements/<key>", 3),
    ("GET /api/v1/agreements", 2),
)
WRITES = (("form edit", 1), ("API PATCH", 1))


# --- what the clients saw --------------------------------------------------------------


@dataclass
class Write:
    key: str
    value: str  # unique to this write: how the audit trail shows whether it landed
    outcome: str  # "acknowledged", "refused" (a 409) or "unknown" (no answer, or an error)


class Answer(NamedTuple):
    """One response as the fault checks read it: when it was asked, and what came back."""

    asked: float  # time.monotonic() when the request was sent
    route: str
    status: int | str  # an HTTP status, or the name of the error when none came
    retry_after: str | None


@dataclass
class Tally:
    """Every response of a run, by route; every write, by outcome. Shared by the clients."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    writes: list[Write] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    failures: Counter = field(default_factory=Counter)  # requests that got no answer, why
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(
        self, route: str, seconds: float, status: int | str, retry_after: str | None = None
    ) -> None:
        with self.lock:
            self.times[route].append(seconds)
            self.statuses[route][status] += 1
            self.answers.append(Answer(time.monotonic() - seconds, route, status, retry_after))

    def wrote(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)

    def count(self, wanted: Callable[[int | str], bool]) -> int:
        return sum(n for s in self.statuses.values() for status, n in s.items() if wanted(status))


def server_errors(tally: Tally) -> int:
    return tally.count(lambda status: isinstance(status, int) and status >= 500)


def failed_requests(tally: Tally) -> int:
    """No answer at all: a timeout or a refused connection."""
    return tally.count(lambda status: isinstance(status, str))


class Client:
    """One member of staff: a logged-in browser session and an API token."""

    def __init__(self, url: str, username: str, token: str, keys: list[str], hot: list[str]):
        self.browser = Browser(url)
        self.url = url
        self.token = token
        self.keys = keys
        self.hot = hot
        self.random = random.Random()  # noqa: S311 - a load mix, not a secret
        self.username = username

    def log_in(self) -> None:
        response = self.browser.log_in(self.username, PASSWORD)
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not log in: {response.status_code}")

    def timed(self, tally: Tally, route: str, send: Callable[[], requests.Response]):
        started = time.perf_counter()
        try:
            response = send()
        except requests.RequestException as error:
            tally.record(route, time.perf_counter() - started, type(error).__name__)
            with tally.lock:
                tally.failures[str(error)[:200]] += 1
            return None
        tally.record(
            route,
            time.perf_counter() - started,
            response.status_code,
            response.headers.get("Retry-After"),
        )
        return response

    def read(self, tally: Tally, route: str) -> None:
        path = {
            "GET /": "/",
            "GET /timeline": "/timeline",
            "GET /agreements": f"/agreements?page={self.random.randint(1, 20)}",
            "GET /agreements/<key>": f"/agreements/{self.random.choice(self.keys)}",
            "GET /api/v1/agreements": f"{API}/agreements?page={self.random.randint(1, 20)}",
        }[route]
        headers = {"Authorization": f"Bearer {self.token}"} if route.startswith("GET /api") else {}
        self.timed(tally, route, lambda: self.browser.get(path, headers=headers))

    def form_edit(self, tally: Tally, value: str) -> None:
        key = self.random.choice(self.hot)
        path = f"/agreements/{key}/edit"
        page = self.timed(tally, "GET /agreements/<key>/edit", lambda: self.browser.get(path))
        if page is None or page.status_code != 200:
            return
        fields = {**self.browser.fields_of(page.text, path), "summary": value}
        self.write(tally, "POST /agreements/<key>/edit", key, value, 302, path, fields)

    def api_patch(self, tally: Tally, value: str) -> None:
        key = self.random.choice(self.hot)
        headers = {"Authorization": f"Bearer {self.token}"}
        path = f"{API}/agreements/{key}"
        read = self.timed(
            tally, "GET /api/v1/agreements/<key>", lambda: self.browser.get(path, headers=headers)
        )
        if read is None or read.status_code != 200:
            return
        body = {"summary": value, "version": read.json()["version"]}
        self.write(tally, "PATCH /api/v1/agreements/<key>", key, value, 200, path, body, headers)

    def write(self, tally, route, key, value, success, path, body, headers=None) -> None:
        if headers:  # the API: JSON with a bearer token
            send = lambda: self.browser.session.patch(  # noqa: E731
                self.url + path, json=body, headers=headers, timeout=REQUEST_TIMEOUT
            )
        else:
            send = lambda: self.browser.session.post(  # noqa: E731
                self.url + path, data=body, allow_redirects=False, timeout=REQUEST_TIMEOUT
            )
        response = self.timed(tally, route, send)
        status = response.status_code if response is not None else None
        outcome = {success: "acknowledged", 409: "refused"}.get(status, "unknown")
        tally.wrote(Write(key, value, outcome))

    def run(self, tally: Tally, deadline: float, mix: list[str], name: str) -> None:
        written = 0
        while time.monotonic() < deadline:
            action = self.random.choice(mix)
            if action == "form edit":
                written += 1
                self.form_edit(tally, f"{name}-{written}")
            elif action == "API PATCH":
                written += 1
                self.api_patch(tally, f"{name}-{written}")
            else:
                self.read(tally, action)


def weighted(*pairs: tuple[tuple[str, int], ...]) -> list[str]:
    return [action for group in pairs for action, weight in group for _ in range(weight)]


def run_clients(
    clients: list[Client],
    seconds: float,
    mix: list[str],
    run_id: str,
    during: Callable[[], None] | None = None,
) -> tuple[Tally, float]:
    """Every client in a thread of its own for ``seconds``; the tally and the time it took."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=c.run, args=(tally, deadline, mix, f"{run_id}-c{n}"), daemon=True)
        for n, c in enumerate(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if during:
        during()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


# --- what the database says afterwards ------------------------------------------------


@dataclass
class Ledger:
    """Each hot agreement's version and summary, and the run's values its audit trail holds."""

    versions: dict[str, int]
    summaries: dict[str, str]
    audited: dict[str, set[str]]


def ledger(database_url: str, keys: list[str], run_id: str) -> Ledger:
    engine = create_engine(normalised_url(database_url))
    try:
        with engine.connect() as connection:
            hot = set(keys)
            wanted = {
                row.key: row
                for row in connection.execute(
                    text("SELECT id, key, version, summary FROM agreement")
                )
                if row.key in hot
            }
            by_id = {row.id: row.key for row in wanted.values()}
            audited: dict[str, set[str]] = defaultdict(set)
            for record_id, changes in connection.execute(
                text("SELECT record_id, changes FROM audit_entry WHERE record_type = 'agreement'")
            ):
                if record_id in by_id:
                    found = changes if isinstance(changes, str) else json.dumps(changes)
                    audited[by_id[record_id]].update(_values_of_run(found, run_id))
    finally:
        engine.dispose()
    return Ledger(
        {k: r.version for k, r in wanted.items()},
        {k: r.summary or "" for k, r in wanted.items()},
        audited,
    )


def _values_of_run(changes_json: str, run_id: str) -> set[str]:
    """The run's write values an audit entry records as the new value of a field."""
    found = set()
    for change in json.loads(changes_json).values():
        new = change[-1] if isinstance(change, list) else change
        if isinstance(new, str) and new.startswith(run_id + "-"):
            found.add(new)
    return found


def lost_updates(writes: list[Write], before: Ledger, after: Ledger) -> list[str]:
    """Every way a write could have been lost or wrongly applied, one line each."""
    problems = []
    for key in after.versions:
        mine = [w for w in writes if w.key == key]
        acknowledged = {w.value for w in mine if w.outcome == "acknowledged"}
        refused = {w.value for w in mine if w.outcome == "refused"}
        unknown = {w.value for w in mine if w.outcome == "unknown"}
        audited = after.audited.get(key, set()) - before.audited.get(key, set())
        for value in sorted(acknowledged - audited):
            problems.append(f"{key}: the acknowledged write {value} is not in the audit trail")
        for value in sorted(refused & audited):
            problems.append(f"{key}: the write {value} was refused with a 409 but landed")
        for value in sorted(audited - acknowledged - unknown - refused):
            problems.append(f"{key}: {value} is in the audit trail but no client sent it")
        landed = len(audited)
        if after.versions[key] - before.versions[key] != landed:
            problems.append(
                f"{key}: version went from {before.versions[key]} to {after.versions[key]}, "
                f"but {landed} writes landed"
            )
        if landed and after.summaries[key] not in audited:
            problems.append(f"{key}: its summary is none of the writes that landed")
    return problems


# --- the report -----------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least ``share`` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def route_table(tally: Tally, seconds: float) -> str:
    lines = [
        "| route | requests | per s | p50 ms | p95 ms | p99 ms | statuses |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for route in sorted(tally.times, key=lambda r: -len(tally.times[r])):
        times = tally.times[route]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses[route].items(), key=str))
        lines.append(
            f"| `{route}` | {len(times)} | {len(times) / seconds:.1f} | "
            f"{1000 * statistics.median(times):.0f} | {1000 * percentile(times, 0.95):.0f} | "
            f"{1000 * percentile(times, 0.99):.0f} | {statuses} |"
        )
    everything = [t for times in tally.times.values() for t in times]
    lines.append(
        f"| **all** | {len(everything)} | {len(everything) / seconds:.1f} | "
        f"{1000 * statistics.median(everything):.0f} | {1000 * percentile(everything, 0.95):.0f} | "
        f"{1000 * percentile(everything, 0.99):.0f} | |"
    )
    return "\n".join(lines)


@dataclass
class Result:
    tally: Tally
    seconds: float
    problems: list[str]
    client_cpu: float  # the load generator's own CPU seconds per second: what the server lacked

    @property
    def summary(self) -> dict:
        outcomes = Counter(w.outcome for w in self.tally.writes)
        return {
            "requests per second": round(
                sum(map(len, self.tally.times.values())) / self.seconds, 1
            ),
            "5xx": server_errors(self.tally),
            "no answer": failed_requests(self.tally),
            "writes acknowledged": outcomes["acknowledged"],
            "writes refused (409)": outcomes["refused"],
            "writes unknown": outcomes["unknown"],
            "lost updates": len(self.problems),
            "load generator's CPU, in cores": round(self.client_cpu, 2),
        }


# --- setting it up --------------------------------------------------------------------


def accounts(served: Served, count: int) -> list[tuple[str, str]]:
    """Analysts made with the README's commands: (username, API token) each."""
    made = []
    for n in range(count):
        name = f"load{n}"
        served.tracker("create-user", name, "--role", "analyst", "--password-stdin", stdin=PASSWORD)
        made.append((name, served.tracker("create-token", name, "--name", "load run").strip()))
    return made


def agreement_keys(served: Served, token: str) -> list[str]:
    keys, page = [], 1
    while len(keys) < 400:
        response = requests.get(
            f"{served.url}{API}/agreements?page={page}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=REQUEST_TIMEOUT,
        )
        response.raise_for_status()
        found = [item["key"] for item in response.json()["items"]]
        if not found:
            break
        keys += found
        page += 1
    return keys


def load(
    served: Served,
    clients: int,
    seconds: float,
    database_url: str,
    hot_agreements: int = HOT_AGREEMENTS,
    during: Callable[[], None] | None = None,
) -> Result:
    """The mixed load of the README against ``served``; the database checked afterwards.
    ``during`` runs in the test's thread while the clients run (a fault, say)."""
    made = accounts(served, min(ANALYSTS, clients))
    keys = agreement_keys(served, made[0][1])
    hot = keys[:hot_agreements]
    staff = [Client(served.url, *made[n % len(made)], keys, hot) for n in range(clients)]
    for client in staff:
        client.log_in()
    run_id = "load" + secrets.token_hex(4)
    before = ledger(database_url, hot, run_id)
    cpu = time.process_time()
    tally, took = run_clients(staff, seconds, weighted(READS, WRITES), run_id, during)
    cpu = time.process_time() - cpu
    after = ledger(database_url, hot, run_id)
    return Result(tally, took, lost_updates(tally.writes, before, after), cpu / took)


def list_throughput(url: str, path: str, clients: int, seconds: float, log_in=None) -> float:
    """Requests per second with ``clients`` asking for one page over and over."""
    browsers = [Browser(url) for _ in range(clients)]
    if log_in:
        for browser in browsers:
            log_in(browser)
    tally = Tally()
    deadline = time.monotonic() + seconds

    def ask(browser: Browser) -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status = browser.get(path).status_code
            except requests.RequestException as error:
                status = type(error).__name__
                with tally.lock:
                    tally.failures[str(error)[:200]] += 1
            tally.record(path, time.perf_counter() - started, status)

    threads = [threading.Thread(target=ask, args=(b,), daemon=True) for b in browsers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    others = {s: n for s, n in tally.statuses[path].items() if s != 200}
    if others:
        print(f"{url}{path} answered other than 200: {others} {dict(tally.failures)}")
    return tally.statuses[path][200] / took


@contextmanager
def datasette(executable: Path, sqlite_file: Path) -> Iterator[str]:
    """Datasette serving the same file, on a free loopback port."""
    port = free_port()
    process = subprocess.Popen(
        [str(executable), "serve", str(sqlite_file), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(url + "/-/versions.json", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def generate(database_url: str, agreements: int) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    tracker = str(ROOT / ".venv" / "bin" / "tracker")
    # The instance's secret key first, as `make run` makes it: a fresh clone has none yet.
    for command in (
        ["secret-key"],
        ["db", "upgrade"],
        ["generate", "--agreements", str(agreements)],
    ):
        done = subprocess.run(
            [tracker, *command], env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode:  # say why: the command's own last words
            raise RuntimeError(f"tracker {' '.join(command)} failed:\n{done.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    folder = Path(tempfile.mkdtemp(prefix="tracker-load-"))
    sqlite_file = folder / "tracker.sqlite3"
    database_url = args.database_url or f"sqlite:///{sqlite_file}"
    print(f"Generating {args.agreements:,} agreements …", file=sys.stderr)
    generate(database_url, args.agreements)
    with make_run(database_url, folder) as served:
        print(
            f"Serving at {served.url}; {args.clients} clients for {args.seconds} s …",
            file=sys.stderr,
        )
        result = load(served, args.clients, args.seconds, database_url)
        print(
            f"\n{args.clients} clients, {result.seconds:.0f} s, {args.agreements:,} agreements:\n"
        )
        print(route_table(result.tally, result.seconds))
        print()
        for name, value in result.summary.items():
            print(f"- {name}: {value}")
        for problem in result.problems:
            print(f"  - {problem}")
        for failure, count in result.tally.failures.items():
            print(f"- no answer, {count} times: {failure}")
        if args.datasette:
            print_anchor(args, served, sqlite_file)
    return 1 if result.problems or server_errors(result.tally) else 0


def print_anchor(args, served: Served, sqlite_file: Path) -> None:
    if args.database_url:
        print("\n(Datasette reads SQLite only: no anchor on this database.)")
        return
    ours = list_throughput(
        served.url,
        "/agreements",
        args.clients,
        args.anchor_seconds,
        log_in=lambda b: b.log_in("load0", PASSWORD),
    )
    with datasette(args.datasette, sqlite_file) as url:
        theirs = list_throughput(url, "/tracker/agreement", args.clients, args.anchor_seconds)
    print(
        f"\nList page under {args.clients} clients, {args.anchor_seconds} s each: "
        f"ours {ours:.1f} requests/s, Datasette's table page {theirs:.1f} requests/s, "
        f"ratio {ours / theirs:.2f}"
    )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="clients at once (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the run (default 60)")
    parser.add_argument(
        "--agreements", type=int, default=2000, help="generated agreements (default 2000)"
    )
    parser.add_argument(
        "--database-url",
        help="an empty PostgreSQL database to serve instead of a new SQLite file",
    )
    parser.add_argument(
        "--datasette",
        type=Path,
        help="a datasette executable: also compare our list page with its table page",
    )
    parser.add_argument(
        "--anchor-seconds", type=float, default=30, help="length of each list-page run"
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
