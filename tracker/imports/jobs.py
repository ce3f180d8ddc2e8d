"""Confirmed imports run as background jobs, so a long one can show its progress.

The job store is a dict in the app's memory, keyed by the upload's random
id. That is enough for one server process: with several worker processes a
progress page may reach a worker that never heard of the job (it then says
so), and a restart forgets finished jobs (their audit entry remains).
A job always runs in its own thread; ``wait`` joins it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from flask import Flask

from tracker.audit.hook import record_import
from tracker.extensions import db
from tracker.imports.reading import where_of
from tracker.imports.staging import discard
from tracker.interchange.importer import ImportFailed, apply_plan, plan_import

KEPT_FOR = 3600  # seconds a finished job's result stays readable
log = logging.getLogger(__name__)


@dataclass
class ImportJob:
    id: str
    name: str
    total: int
    user_id: int  # who confirmed it: only they, and admins, may watch it
    done: int = 0
    state: str = "running"  # running, done or failed
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)
    finished_at: float | None = None
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"


_lock = threading.Lock()


def _jobs(app: Flask) -> dict[str, ImportJob]:
    return app.extensions.setdefault("import_jobs", {})


def import_job(app: Flask, job_id: str) -> ImportJob | None:
    with _lock:
        return _jobs(app).get(job_id)


def start_import(app: Flask, upload_id: str, upload, user_id: int, username: str) -> ImportJob:
    """Run the import of a staged upload for this person; the caller has ended its transaction."""
    job = ImportJob(
        upload_id, upload.name, total=len(upload.document["agreements"]), user_id=user_id
    )
    with _lock:
        jobs = _jobs(app)
        for old_id in [
            k
            for k, old in jobs.items()
            if old.finished_at and old.finished_at < time.time() - KEPT_FOR
        ]:
            del jobs[old_id]
        jobs[upload_id] = job
    job.thread = threading.Thread(
        target=_run,
        args=(app, job, upload, user_id, username),
        daemon=True,
        name=f"import-{upload_id[:8]}",
    )
    job.thread.start()
    return job


def wait(job: ImportJob, timeout: float = 60) -> None:
    if job.thread is not None:
        job.thread.join(timeout)


def _run(app: Flask, job: ImportJob, upload, user_id: int, username: str) -> None:
    """Validate again (the data may have changed since the preview), then write all or nothing."""
    with app.app_context():
        # No request here: the audit hook reads the confirming analyst from the session.
        db.session.info.update(actor=username, actor_id=user_id)
        try:
            plans = plan_import(upload.document)
            for plan in plans:
                result = apply_plan([plan])
                job.created += result.created
                job.updated += result.updated
                job.done += 1
            record_import(upload.name, job.created, job.updated)
            db.session.commit()
            job.state = "done"
        except ImportFailed as failure:
            db.session.rollback()
            job.created, job.updated = [], []
            where = where_of(upload.rows)
            job.problems = [where.place(problem) for problem in failure.problems]
            job.state = "failed"
        except Exception:
            db.session.rollback()
            job.created, job.updated = [], []
            log.exception("The import %s failed", job.id)
            job.state = "failed"
        finally:
            job.finished_at = time.time()
            db.session.remove()
            discard(job.id)
