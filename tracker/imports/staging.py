"""Uploads kept between preview and confirm, in the database (tracker.models.ImportRun).

Each is kept with its preview, worked out once at upload, and with the id
of the analyst who uploaded it. In the database, not on one server's disk,
so the server that takes the confirmation need not be the one that took the
upload. Never in the cookie: a document can be megabytes, and the session
cookie is readable by its holder. The document is dropped once its import
ran; an upload nobody confirmed within STAGED_LIFETIME, and a finished or
interrupted import's record after KEPT_FOR, are swept away at the next upload.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, or_

from tracker.extensions import db
from tracker.imports.preview import Preview
from tracker.imports.reading import Upload
from tracker.models import ImportRun
from tracker.models.base import utcnow
from tracker.models.import_run import DONE, FAILED, INTERRUPTED, STAGED

STAGED_LIFETIME = dt.timedelta(hours=1)  # to read the preview and confirm
KEPT_FOR = dt.timedelta(hours=1)  # a finished import's result stays readable
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class StagedImport:
    upload: Upload
    preview: Preview
    user_id: int  # whose upload it is: only they, and admins, may see and confirm it
    uploaded_by: str


def stage(upload: Upload, preview: Preview, user_id: int, username: str) -> str:
    """Keep the upload and its preview for the person who uploaded it; return its new id.
    The caller commits."""
    sweep()
    upload_id = secrets.token_hex(16)
    db.session.add(
        ImportRun(
            id=upload_id,
            name=upload.name[:300],
            user_id=user_id,
            uploaded_by=username,
            upload={"document": upload.document, "rows": upload.rows},
            preview=preview.as_json(),
            state=STAGED,
            total=len(upload.document.get("agreements") or []),
            done=0,
        )
    )
    db.session.flush()
    return upload_id


def import_run(upload_id: str) -> ImportRun | None:
    # Only our own ids name a record: anything else from the URL is not looked up.
    return db.session.get(ImportRun, upload_id) if UPLOAD_ID.match(upload_id) else None


def staged(upload_id: str) -> StagedImport | None:
    run = import_run(upload_id)
    if run is None or run.state != STAGED or run.upload is None:
        return None
    return StagedImport(
        Upload(run.name, run.upload["document"], run.upload["rows"]),
        Preview.from_json(run.preview),
        run.user_id,
        run.uploaded_by,
    )


def sweep(now: dt.datetime | None = None) -> None:
    """Delete uploads nobody confirmed within their lifetime, and old finished imports."""
    now = now or utcnow()
    db.session.execute(
        delete(ImportRun).where(
            or_(
                (ImportRun.state == STAGED) & (ImportRun.uploaded_at < now - STAGED_LIFETIME),
                ImportRun.state.in_((DONE, FAILED, INTERRUPTED))
                & (ImportRun.finished_at < now - KEPT_FOR),
            )
        )
    )
