"""Confirmed imports run as background jobs, so a long one can show its progress.

A job's state lives in its ImportRun row, so any server can report it: the
server that runs it writes its start, its progress and its end there. The
end is written in the import's own transaction, so "done" and the data it
wrote arrive together, or neither does. On PostgreSQL progress is written as
it goes, in short transactions of its own; SQLite has one writer at a time
and the import holds it, so there progress reaches only the pages of the
process running the job (which is why `tracker serve` runs one process on
SQLite); other processes show it running until it ends.
A job always runs in its own thread; ``wait`` joins it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import update

from tracker.audit.hook import record_import
from tracker.extensions import db
from tracker.imports.reading import where_of
from tracker.imports.staging import StagedImport, import_run
from tracker.interchange.importer import ImportFailed, apply_plan, plan_import
from tracker.models import ImportRun
from tracker.models.base import utcnow
from tracker.models.import_run import DONE, FAILED, RUNNING, STAGED

PROGRESS_EVERY = 0.5  # seconds between progress writes
log = logging.getLogger(__name__)


@dataclass
class ImportJob:
    """A job as its progress page shows it."""

    id: str
    name: str
    total: int
    user_id: int  # who confirmed it: only they, and admins, may watch it
    done: int = 0
    state: str = RUNNING  # running, done or failed
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.state == RUNNING


_lock = threading.Lock()


def _local(app: Flask) -> dict[str, ImportJob]:
    """The jobs this worker runs, with their live progress."""
    return app.extensions.setdefault("import_jobs", {})


def import_job(app: Flask, job_id: str) -> ImportJob | None:
    """The job of a confirmed upload, from the database; None while it is only staged."""
    run = import_run(job_id)
    if run is None or run.state == STAGED:
        return None
    result = run.result or {}
    job = ImportJob(
        run.id,
        run.name,
        run.total,
        run.user_id,
        done=run.done,
        state=run.state,
        created=result.get("created", []),
        updated=result.get("updated", []),
        problems=[
            " ".join(part for part in (f"{p[0]}:" if p[0] else "", p[1]) if part)
            for p in result.get("problems", [])
        ],
    )
    with _lock:
        local = _local(app).get(job_id)
    if local is not None:
        job.thread = local.thread
        if job.running:
            job.done = max(job.done, local.done)
    return job


def start_import(
    app: Flask, upload_id: str, found: StagedImport, user_id: int, username: str
) -> bool:
    """Run the import of a staged upload for this person. False when another confirmation
    started it already (on this server or another): the staged row moves to running once."""
    claimed = db.session.execute(
        update(ImportRun)
        .where(ImportRun.id == upload_id, ImportRun.state == STAGED)
        .values(state=RUNNING, started_at=utcnow(), done=0)
    ).rowcount
    db.session.commit()  # the job writes in its own session; hold no transaction here
    if not claimed:
        return False
    job = ImportJob(upload_id, found.upload.name, len(found.upload.document["agreements"]), user_id)
    with _lock:
        _local(app)[upload_id] = job
    job.thread = threading.Thread(
        target=_run,
        args=(app, job, found, user_id, username),
        daemon=True,
        name=f"import-{upload_id[:8]}",
    )
    job.thread.start()
    return True


def wait(job: ImportJob, timeout: float = 60) -> None:
    if job.thread is not None:
        job.thread.join(timeout)


def _run(app: Flask, job: ImportJob, found: StagedImport, user_id: int, username: str) -> None:
    """Validate again (the data may have changed since the preview), then write all or nothing."""
    upload = found.upload
    with app.app_context():
        # No request here: the audit hook reads the confirming analyst from the session.
        db.session.info.update(actor=username, actor_id=user_id)
        created, updated = [], []
        try:
            plans = plan_import(upload.document)
            reported = time.monotonic()
            for plan in plans:
                result = apply_plan([plan])
                created += result.created
                updated += result.updated
                job.done += 1
                if time.monotonic() - reported >= PROGRESS_EVERY:
                    _report_progress(job)
                    reported = time.monotonic()
            record_import(upload.name, created, updated)
            _finish(job.id, DONE, {"created": created, "updated": updated, "problems": []})
            db.session.commit()
            job.state, job.created, job.updated = DONE, created, updated
        except ImportFailed as failure:
            db.session.rollback()
            where = where_of(upload.rows)
            problems = [list(where.place(problem)) for problem in failure.problems]
            _finish(job.id, FAILED, {"created": [], "updated": [], "problems": problems})
            db.session.commit()
            job.state = FAILED
        except Exception:
            db.session.rollback()
            log.exception("The import %s failed", job.id)
            _finish(job.id, FAILED, {"created": [], "updated": [], "problems": []})
            db.session.commit()
            job.state = FAILED
        finally:
            db.session.remove()


def _finish(job_id: str, state: str, result: dict) -> None:
    """The job's end, in the session's transaction: written with the import, or not at all."""
    db.session.execute(
        update(ImportRun)
        .where(ImportRun.id == job_id)
        .values(state=state, result=result, finished_at=utcnow(), upload=None, preview=None)
    )


def _report_progress(job: ImportJob) -> None:
    """Progress for every server's page, in a short transaction beside the import's: on
    PostgreSQL only, since on SQLite the import holds the one write lock until it ends."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.begin() as connection:
        connection.execute(update(ImportRun).where(ImportRun.id == job.id).values(done=job.done))
