"""Confirmed imports run as background jobs, so a long one can show its progress.

A job's state lives in its ImportRun row, so any server can report it: the
server that runs it writes its start, its progress and its end there. The
end is written in the import's own transaction, so "done" and the data it
wrote arrive together, or neither does. Its progress goes out as it runs,
with a heartbeat, to where every server reads it (tracker/imports/progress.py);
a job whose heartbeat stopped is shown, and kept, as interrupted.
A job always runs in its own thread, its heartbeat in another; ``wait``
joins them.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass, field

from flask import Flask
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError

from tracker.audit.hook import record_import
from tracker.extensions import db
from tracker.imports.progress import BEAT_EVERY, progress_store, stopped
from tracker.imports.reading import where_of
from tracker.imports.staging import StagedImport, import_run
from tracker.interchange.importer import ImportFailed, ImportResult, apply_plan, plan_import
from tracker.models import ImportRun
from tracker.models.base import utcnow
from tracker.models.import_run import DONE, FAILED, INTERRUPTED, RUNNING, STAGED

log = logging.getLogger(__name__)


@dataclass
class ImportJob:
    """A job as its progress page shows it."""

    id: str
    name: str
    total: int
    user_id: int  # who confirmed it: only they, and admins, may watch it
    done: int = 0
    state: str = RUNNING  # running, done, failed or interrupted
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # stored exactly so: not written
    problems: list = field(default_factory=list)
    thread: threading.Thread | None = None
    heartbeat: threading.Thread | None = None

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
        unchanged=result.get("unchanged", []),
        problems=[
            " ".join(part for part in (f"{p[0]}:" if p[0] else "", p[1]) if part)
            for p in result.get("problems", [])
        ],
    )
    with _lock:
        local = _local(app).get(job_id)
    if local is not None:  # this process runs it: its memory is the freshest
        job.thread, job.heartbeat = local.thread, local.heartbeat
        if job.running and local.running and not local.thread.is_alive():
            # It ended without writing its end: the database refused even that.
            job.state = INTERRUPTED
            _keep_interrupted(run.id)
        elif job.running:
            job.done = max(job.done, local.done)
    elif job.running:
        beat = progress_store(app).read(run)
        job.done = max(job.done, beat.done if beat else 0)
        if stopped(run, beat):
            job.state = INTERRUPTED
            _keep_interrupted(run.id)
    return job


def _keep_interrupted(job_id: str) -> None:
    """Write down that the job stopped, so that its row is swept like a finished one. If the
    database is busy it is written at the next look; the page says it either way."""
    try:
        db.session.execute(
            update(ImportRun)
            .where(ImportRun.id == job_id, ImportRun.state == RUNNING)
            .values(state=INTERRUPTED, finished_at=utcnow(), upload=None, preview=None)
        )
        db.session.commit()
    except DBAPIError:  # busy, or refusing writes (full, read-only)
        db.session.rollback()
        log.info(
            "The interrupted import %s is written down at the next look", job_id, exc_info=True
        )


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
    job.heartbeat = threading.Thread(
        target=_beat, args=(app, job), daemon=True, name=f"import-beat-{upload_id[:8]}"
    )
    job.thread.start()
    job.heartbeat.start()
    return True


def _beat(app: Flask, job: ImportJob) -> None:
    """Write the job's progress every BEAT_EVERY seconds while it runs: its sign of life."""
    with app.app_context():
        store = progress_store(app)
        while job.running and job.thread.is_alive():
            try:
                store.write(job.id, job.done)
            except Exception:  # a missed beat is no reason to stop the import
                log.warning("Could not write the progress of import %s", job.id, exc_info=True)
            job.thread.join(BEAT_EVERY)


def wait(job: ImportJob, timeout: float = 60) -> None:
    for thread in (job.thread, job.heartbeat):
        if thread is not None:
            thread.join(timeout)


def _run(app: Flask, job: ImportJob, found: StagedImport, user_id: int, username: str) -> None:
    """Validate again (the data may have changed since the preview), then write all or nothing."""
    upload = found.upload
    with app.app_context():
        # No request here: the audit hook reads the confirming analyst from the session.
        db.session.info.update(actor=username, actor_id=user_id)
        done = ImportResult()
        try:
            for plan in plan_import(upload.document):
                result = apply_plan([plan])
                done.created += result.created
                done.updated += result.updated
                done.unchanged += result.unchanged
                job.done += 1
            record_import(upload.name, done.created, done.updated, done.unchanged)
            _finish(job.id, DONE, {**asdict(done), "problems": []})
            db.session.commit()
            job.created, job.updated, job.unchanged = done.created, done.updated, done.unchanged
            job.state = DONE
        except ImportFailed as failure:
            db.session.rollback()
            where = where_of(upload.rows)
            problems = [list(where.place(problem)) for problem in failure.problems]
            _end_failed(job, problems)
        except Exception:
            db.session.rollback()
            log.exception("The import %s failed", job.id)
            _end_failed(job, [])
        finally:
            db.session.remove()


def _end_failed(job: ImportJob, problems: list) -> None:
    """Write down that nothing was imported, and why; if the database refuses that too (full,
    read-only), the page shows the job as interrupted."""
    try:
        _finish(job.id, FAILED, {**asdict(ImportResult()), "problems": problems})
        db.session.commit()
        job.state = FAILED
    except Exception:
        db.session.rollback()
        log.exception("Could not write the end of the failed import %s", job.id)


def _finish(job_id: str, state: str, result: dict) -> None:
    """The job's end, in the session's transaction: written with the import, or not at all."""
    db.session.execute(
        update(ImportRun)
        .where(ImportRun.id == job_id)
        .values(state=state, result=result, finished_at=utcnow(), upload=None, preview=None)
    )
