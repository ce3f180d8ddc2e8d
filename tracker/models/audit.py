"""The audit trail: one append-only entry for every change to every record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.base import utcnow


class AuditEntry(db.Model):
    """Who changed what, when, and what it was before.

    No foreign keys on purpose: an entry outlives the record and the user it
    names, so it keeps their id and a readable label as they were. The
    database itself refuses UPDATE and DELETE on this table (migration 0004).
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete
    record_type: Mapped[str] = mapped_column(String(40), index=True)
    record_id: Mapped[int] = mapped_column(Integer)
    record_label: Mapped[str] = mapped_column(String(300), default="")
    agreement_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # {field: [old, new]} in interchange form (EDTF text, codes, keys).
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    __table_args__ = (db.Index("ix_audit_entry_record", "record_type", "record_id"),)
