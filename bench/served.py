"""The app as it ships: `make run` in a process of its own, on a database of its own.

Shared by the end-to-end tests (tests/e2e/), the screenshots
(bench/screenshots.py) and, later, load runs: they all speak to the served
process over HTTP, never to the app inside the test process.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TRACKER = ROOT / ".venv" / "bin" / "tracker"
STARTUP_SECONDS = 120
ADMIN_LINE = re.compile(r"username “admin”, password (\S+)")

# Debian's Chromium, never one Playwright downloads; quiet, with nothing of its own online.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class NotServing(RuntimeError):
    """`make run` stopped, or did not answer in time; the message ends with its output."""


@dataclass
class Served:
    url: str
    env: dict
    log: Path
    admin_password: str
    process: subprocess.Popen

    def kill(self) -> None:
        """SIGKILL to `make run` and every process it started: a crash, not a shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def tracker(self, *args: str, stdin: str | None = None) -> str:
        """Run a `tracker` command against the served database; its standard output."""
        done = subprocess.run(
            [str(TRACKER), *args],
            env=self.env,
            input=stdin,
            text=True,
            capture_output=True,
            timeout=300,
            cwd=ROOT,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"tracker {' '.join(args)} failed: {done.stderr}")
        return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise NotServing(
                f"`make run` stopped ({process.returncode}):\n" + log.read_text()[-3000:]
            )
        try:
            if requests.get(url + "/login", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or too busy to answer yet
            pass
        time.sleep(0.3)
    raise NotServing(
        f"`make run` did not answer within {STARTUP_SECONDS} s:\n" + log.read_text()[-3000:]
    )


@contextmanager
def make_run(
    database_url: str,
    folder: Path,
    first_admin: bool = True,
    file_size_limit: int | None = None,
    **environment: str,
) -> Iterator[Served]:
    """Serve ``database_url`` with the README's `make run` on a free loopback port.

    ``first_admin=False``: the database has accounts already (another server made the
    first admin), so `make run` prints no password. ``file_size_limit``: no file the
    server writes may grow past these many bytes, as on a full disk.
    """
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, **environment}
    env.pop("TRACKER_BASE_URL", None)  # make run sets it from HOST and PORT
    log = folder / "make-run.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_limit_file_size(file_size_limit) if file_size_limit else None,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, url, log)
        found = ADMIN_LINE.search(log.read_text())
        if first_admin and not found:
            raise NotServing("`make run` printed no first admin:\n" + log.read_text()[-3000:])
        yield Served(url, env, log, found.group(1) if found else "", process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _limit_file_size(size: int):
    """RLIMIT_FSIZE for the child: a write past ``size`` fails with EFBIG, which SQLite
    reports as a full disk (Python ignores the SIGXFSZ that would otherwise kill it)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@contextmanager
def in_a_thread(server) -> Iterator[str]:
    """Serve ``server`` (any socketserver on 127.0.0.1) from a daemon thread while the block
    runs; yields its base URL, and stops and closes it after."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
