"""Backups: a consistent copy of the whole database while the tracker serves, and its restore.

SQLite is copied with its online backup API, which reads one consistent
snapshot however many writers there are; PostgreSQL with ``pg_dump`` in its
custom format, which reads one snapshot too. A restore goes only into an
empty database, so it can never mix two histories: users, hashed tokens,
the audit trail and every record come back as they were.

Connection secrets reach ``pg_dump`` and ``pg_restore`` through their
environment, never their command line, where any user of the machine could
read them.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# libpq's environment variables for each part of a connection string.
PG_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
}


class BackupError(RuntimeError):
    """A backup or restore that cannot be done, with the reason in words."""


def backup(engine: Engine, path: Path) -> None:
    """Write a consistent copy of the database the engine points at to ``path``."""
    if path.exists():
        raise BackupError(f"{path} exists already; choose a new file name.")
    if engine.dialect.name == "sqlite":
        _sqlite_copy(_sqlite_file(engine), path)
    else:
        environment, _database = _pg_environment(engine)
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}"], environment)


def restore(engine: Engine, path: Path) -> None:
    """Restore a backup into the engine's database, which must hold no data yet."""
    kind = _kind_of(path)
    if kind != engine.dialect.name:
        raise BackupError(
            f"{path} is a {kind} backup; this tracker's database is {engine.dialect.name}."
        )
    _refuse_unless_empty(engine)
    engine.dispose()  # no pooled connection may keep the old, empty schema open
    if kind == "sqlite":
        _sqlite_copy(path, _sqlite_file(engine))
    else:
        environment, database = _pg_environment(engine)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={database}",
                str(path),
            ],
            environment,
        )


def _kind_of(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            start = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"{path} cannot be read: {error.strerror}.") from error
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a tracker backup (neither SQLite nor pg_dump's format).")


def _refuse_unless_empty(engine: Engine) -> None:
    """Data of its own would mix with the backup's: only tables without rows may be there."""
    with engine.connect() as connection:
        tables = [
            name for name in inspect(connection).get_table_names() if name != "alembic_version"
        ]
        for name in tables:
            if connection.execute(select(text("1")).select_from(text(f'"{name}"'))).first():
                raise BackupError(
                    f"The database is not empty (table {name} has rows); "
                    "restore into a new, empty database."
                )
        if tables:
            raise BackupError(
                "The database has the tracker's tables already; restore into a "
                "new database, before `tracker db upgrade`."
            )


def _sqlite_file(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy with SQLite's online backup API: one consistent snapshot, writers or not."""
    if not source.exists():
        raise BackupError(f"{source} does not exist.")
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.execute("PRAGMA busy_timeout = 30000")
        reading.backup(writing)
    sqlite3.connect(target).close()


def _pg_environment(engine: Engine) -> tuple[dict[str, str], str]:
    """libpq's environment for the engine's database (secrets stay off the command line),
    and the database's name."""
    url = make_url(engine.url).set(drivername="postgresql")
    parts = conninfo_to_dict(url.render_as_string(hide_password=False))
    environment = {**os.environ}
    environment.update({PG_ENVIRONMENT[k]: str(v) for k, v in parts.items() if k in PG_ENVIRONMENT})
    return environment, str(parts.get("dbname", ""))


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        result = subprocess.run(  # noqa: S603 - pg_dump or pg_restore, our own arguments
            command, env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed; install PostgreSQL's client "
            "programs (Debian: postgresql-client)."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
