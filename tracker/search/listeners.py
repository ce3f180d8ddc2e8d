"""Keeping the search index current: the rows of every agreement a transaction touched are
rewritten just before it commits, in the same transaction, so a search never sees an
edit without its index row or the other way round. A rollback writes nothing."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.audit.values import agreement_id_of
from tracker.extensions import db
from tracker.search.index import refresh

PENDING = "search_pending"  # session.info key: agreement ids to refresh at commit


def _collect(session: Session, _context) -> None:
    pending = session.info.setdefault(PENDING, set())
    for record in (*session.new, *session.dirty, *session.deleted):
        agreement_id = agreement_id_of(session, record)
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
