"""Keeping the search index current: the rows of every agreement a transaction touched are
rewritten just before it commits, in the same transaction, so a search never sees an
edit without its index row or the other way round. A rollback writes nothing."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.extensions import db
from tracker.models import Agreement, Milestone
from tracker.search.index import refresh

PENDING = "search_pending"  # session.info key: agreement ids to refresh at commit


def _agreement_id(session: Session, record) -> int | None:
    """The agreement whose search text the record is part of."""
    if isinstance(record, Agreement):
        return record.id
    if getattr(record, "agreement_id", None) is not None:
        return record.agreement_id
    milestone_id = getattr(record, "milestone_id", None)
    if milestone_id is None:
        return None
    milestone = session.get(Milestone, milestone_id)
    return milestone.agreement_id if milestone is not None else None


def _collect(session: Session, _context) -> None:
    pending = session.info.setdefault(PENDING, set())
    for record in (*session.new, *session.dirty, *session.deleted):
        agreement_id = _agreement_id(session, record)
        if agreement_id is not None:
            pending.add(agreement_id)


def _refresh(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        refresh(session, pending)


def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING, None)


LISTENERS = (
    ("after_flush", _collect),
    ("before_commit", _refresh),
    ("after_transaction_end", _forget),
)


def listen_to_the_session() -> None:
    for name, listener in LISTENERS:
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
