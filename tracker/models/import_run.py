"""A web import from upload to result, kept in the database: any server can show its preview,
take its confirmation and report its progress, and a restart forgets nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.base import utcnow

STAGED, RUNNING, DONE, FAILED = "staged", "running", "done", "failed"
INTERRUPTED = "interrupted"  # its server stopped while it ran: nothing of it was written


class ImportRun(db.Model):
    __tablename__ = "import_run"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random: the page's address
    name: Mapped[str] = mapped_column(String(300))
    # Whose upload it is: only they, and admins, may see, confirm and watch it.
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    # The document and where each part came from (file, row); dropped once the import ran.
    upload: Mapped[dict | None] = mapped_column(JSON)
    preview: Mapped[dict | None] = mapped_column(JSON)  # worked out once, at upload
    state: Mapped[str] = mapped_column(String(20), default=STAGED)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict | None] = mapped_column(JSON)  # created, updated, problems
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The running import's last heartbeat (PostgreSQL; see tracker/imports/progress.py).
    beat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
