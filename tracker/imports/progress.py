"""Where a running import's progress and heartbeat go, so that every server's page can read
them while the import's own transaction is still open.

On PostgreSQL that is the import's row, written in short transactions of its
own. On SQLite the import holds the one write lock until it ends, so a small
file beside the database (``<database>-progress``) takes them instead: every
process serving a SQLite file runs on its machine. An in-memory database has
one process, which keeps them in memory.

A running import beats every BEAT_EVERY seconds. One whose last sign of life
(its start, or its last beat) is older than STALE_AFTER was stopped with its
server, killed or restarted: nothing of it was written (an import commits
all at once), and its page says so.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select, update

from tracker.extensions import db
from tracker.models import ImportRun
from tracker.models.base import utcnow

BEAT_EVERY = 1.0  # seconds
STALE_AFTER = dt.timedelta(seconds=15)


class Beat(NamedTuple):
    done: int
    at: dt.datetime  # aware, UTC


class InTheRow:
    """PostgreSQL: progress in the import's row, committed beside the import's transaction."""

    def write(self, run_id: str, done: int) -> None:
        with db.engine.begin() as connection:
            connection.execute(
                update(ImportRun).where(ImportRun.id == run_id).values(done=done, beat_at=utcnow())
            )

    def read(self, run: ImportRun) -> Beat | None:
        # Read again, not from ``run``: the beat may have landed since the row was loaded.
        found = db.session.execute(
            select(ImportRun.done, ImportRun.beat_at).where(ImportRun.id == run.id)
        ).one_or_none()
        return Beat(found.done, _aware(found.beat_at)) if found and found.beat_at else None


class BesideTheFile:
    """SQLite: progress in ``<database>-progress``, which has a write lock of its own."""

    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS progress "
            "(run_id TEXT PRIMARY KEY, done INTEGER NOT NULL, beat_at REAL NOT NULL)"
        )
        return connection

    def write(self, run_id: str, done: int) -> None:
        with closing(self._connect()) as connection:
            connection.execute(
                "INSERT OR REPLACE INTO progress VALUES (?, ?, ?)", (run_id, done, time.time())
            )

    def read(self, run: ImportRun) -> Beat | None:
        with closing(self._connect()) as connection:
            found = connection.execute(
                "SELECT done, beat_at FROM progress WHERE run_id = ?", (run.id,)
            ).fetchone()
        return Beat(found[0], dt.datetime.fromtimestamp(found[1], dt.UTC)) if found else None


class InMemory:
    """An in-memory SQLite database: one process, so its memory is where everyone looks."""

    def __init__(self):
        self.beats: dict[str, Beat] = {}
        self.lock = threading.Lock()

    def write(self, run_id: str, done: int) -> None:
        with self.lock:
            self.beats[run_id] = Beat(done, utcnow())

    def read(self, run: ImportRun) -> Beat | None:
        with self.lock:
            return self.beats.get(run.id)


def progress_store(app) -> InTheRow | BesideTheFile | InMemory:
    """The store for this app's database, made once per app."""
    store = app.extensions.get("import_progress")
    if store is None:
        url = db.engine.url
        if url.get_backend_name() != "sqlite":
            store = InTheRow()
        elif url.database and url.database != ":memory:":
            store = BesideTheFile(Path(url.database + "-progress"))
        else:
            store = InMemory()
        app.extensions["import_progress"] = store
    return store


def last_sign_of_life(run: ImportRun, beat: Beat | None) -> dt.datetime:
    started = _aware(run.started_at or run.uploaded_at)
    return max(started, beat.at) if beat else started


def stopped(run: ImportRun, beat: Beat | None, now: dt.datetime | None = None) -> bool:
    """Running by its row, but silent for longer than a live import ever is."""
    return (now or utcnow()) - last_sign_of_life(run, beat) > STALE_AFTER


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive datetimes for what was stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment
