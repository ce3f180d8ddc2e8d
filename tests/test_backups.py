"""`tracker backup` takes one consistent copy while writes go on; `tracker restore` brings it
back into an empty database: records, audit trail, users and hashed tokens as they were."""

from __future__ import annotations

import threading
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from conftest import POSTGRES_URL, _make_app, agreement_values
from sqlalchemy import create_engine, select

from tracker.agreements.operations import create_agreement
from tracker.auth.operations import create_user
from tracker.auth.tokens import create_api_token
from tracker.backups import BackupError, backup, restore
from tracker.config import database_url
from tracker.extensions import db
from tracker.interchange.exporter import export_document
from tracker.models import AccessToken, Agreement, AuditEntry, Role, User


@pytest.fixture
def empty_database(app, tmp_path):
    """A new, empty database of the same kind as the app's, dropped after the test."""
    if app.config["DATABASE_KIND"] == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    parts = urlsplit(POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://"))
    # A name of its own: the server may still be analysing the last one it restored.
    name = f"{parts.path.lstrip('/')}_restored_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(urlunsplit(parts), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield database_url(urlunsplit(parts._replace(path="/" + name)))
    with psycopg.connect(urlunsplit(parts), autocommit=True) as connection:
        for _ in range(50):  # until autovacuum lets go of it
            try:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
                break
            except psycopg.errors.ObjectInUse:
                time.sleep(0.1)


class Writer(threading.Thread):
    """Creates agreements one commit at a time until told to stop, remembering their order."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.done, self.stop = app, [], threading.Event()
        self.failure: BaseException | None = None

    def run(self):
        with self.app.app_context():
            try:
                while not self.stop.is_set():
                    key = f"load-{len(self.done):04d}"
                    create_agreement(agreement_values(key=key, title=f"Written {key}"))
                    db.session.commit()
                    self.done.append(key)
            except BaseException as error:  # reported by the test
                self.failure = error
            finally:
                db.session.remove()

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 60
        while len(self.done) < count and time.monotonic() < deadline and self.failure is None:
            time.sleep(0.01)


def _rows(model, *columns) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(select(*columns).order_by(columns[0]))]


def _state() -> dict:
    """What a restore must bring back exactly: records, trail, accounts, tokens."""
    return {
        "export": export_document(),
        "audit": _rows(
            AuditEntry,
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.actor,
            AuditEntry.action,
            AuditEntry.record_type,
            AuditEntry.record_id,
            AuditEntry.changes,
        ),
        "users": _rows(
            User,
            User.id,
            User.username,
            User.role,
            User.password_hash,
            User.active,
            User.must_change_password,
        ),
        "tokens": _rows(
            AccessToken, AccessToken.id, AccessToken.token_digest, AccessToken.revoked_at
        ),
    }


def test_a_backup_under_write_load_restores_exactly_the_moment_it_was_taken(
    app, tmp_path, empty_database
):
    user = create_user("keeper", "a long enough password", Role.ANALYST)
    create_api_token(user, "sync")
    db.session.commit()
    writer = Writer(app)
    writer.start()
    writer.wait_for(5)

    backup(db.engine, tmp_path / "tracker.backup")
    written_before_end = len(writer.done)
    writer.wait_for(written_before_end + 5)  # writes went on during and after the copy
    writer.stop.set()
    writer.join(timeout=60)
    assert writer.failure is None
    db.session.rollback()
    source = _state()

    target = empty_database
    restore(create_engine(target), tmp_path / "tracker.backup")
    restored_app = _make_app(target)
    with restored_app.app_context():
        restored = _state()
        db.session.remove()
        db.engine.dispose()

    keys = [a["key"] for a in restored["export"]["agreements"]]
    assert 5 <= len(keys) < len(writer.done)
    assert keys == writer.done[: len(keys)]  # a moment in the writes, not a mixture
    assert restored["export"]["agreements"] == [
        a for a in source["export"]["agreements"] if a["key"] in set(keys)
    ]
    last = restored["audit"][-1][0]
    assert restored["audit"] == [row for row in source["audit"] if row[0] <= last]
    assert restored["users"] == source["users"]
    assert restored["tokens"] == source["tokens"]


def test_a_restore_refuses_a_database_that_holds_data(app, tmp_path, make_agreement):
    make_agreement()
    backup(db.engine, tmp_path / "tracker.backup")

    with pytest.raises(BackupError, match="not empty"):
        restore(db.engine, tmp_path / "tracker.backup")

    assert db.session.scalar(select(Agreement.key)) == "nor-ukr-test"


def test_a_backup_never_overwrites_a_file(app, tmp_path):
    existing = tmp_path / "kept.backup"
    existing.write_text("something else")

    with pytest.raises(BackupError, match="exists already"):
        backup(db.engine, existing)

    assert existing.read_text() == "something else"


def test_a_file_that_is_no_backup_is_refused_by_name(app, tmp_path, empty_database):
    stray = tmp_path / "notes.txt"
    stray.write_text("not a backup")

    with pytest.raises(BackupError, match="is not a tracker backup"):
        restore(create_engine(empty_database), stray)


def test_the_commands_back_up_and_refuse_to_restore_over_data(app, runner, tmp_path):
    path = tmp_path / "cli.backup"

    made = runner.invoke(args=["backup", str(path)])
    refused = runner.invoke(args=["restore", str(path)])

    assert made.exit_code == 0, made.output
    assert path.stat().st_size > 0
    assert refused.exit_code == 1
    assert "restore into a new" in refused.output
