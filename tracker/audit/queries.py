"""Reading the audit trail: the filtered log, and one agreement's or milestone's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import Select, and_, or_, select

from tracker.extensions import db
from tracker.models import AuditEntry, Milestone

HISTORY_LENGTH = 200
NO_USER = "none"  # the user filter's value for command-line and system changes


def newest_first(query: Select) -> Select:
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def day_start(day: dt.date) -> dt.datetime:
    """Midnight UTC at the start of ``day``: entries are stamped in UTC."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def filtered_entries(
    user: str = "",
    record_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Select:
    """Entries by user id (or NO_USER), record type and UTC day range, newest first."""
    query = select(AuditEntry)
    if user == NO_USER:
        query = query.where(AuditEntry.actor_id.is_(None))
    elif user:
        query = query.where(AuditEntry.actor_id == int(user))
    if record_type:
        query = query.where(AuditEntry.record_type == record_type)
    if date_from:
        query = query.where(AuditEntry.at >= day_start(date_from))
    if date_to:
        query = query.where(AuditEntry.at < day_start(date_to + dt.timedelta(days=1)))
    return newest_first(query)


def in_batches(query: Select, size: int = 1000) -> Iterator[AuditEntry]:
    """A newest-first query's entries, ``size`` at a time (keyset paging).

    A long export streams this way without holding a database cursor open
    while the client reads.
    """
    last = None
    while True:
        batch = query
        if last is not None:
            batch = batch.where(
                or_(
                    AuditEntry.at < last.at, and_(AuditEntry.at == last.at, AuditEntry.id < last.id)
                )
            )
        entries = list(db.session.scalars(batch.limit(size)))
        yield from entries
        if len(entries) < size:
            return
        last = entries[-1]


def agreement_history(agreement_id: int, limit: int = HISTORY_LENGTH) -> list[AuditEntry]:
    """Changes to the agreement and to everything that belongs to it, newest first."""
    query = select(AuditEntry).where(AuditEntry.agreement_id == agreement_id)
    return list(db.session.scalars(newest_first(query).limit(limit)))


def milestone_history(milestone: Milestone) -> list[AuditEntry]:
    """Changes to the milestone and to the sources attached to it, newest first.

    A source entry names the milestone by key; the milestone's keys over time
    come from its own entries, so a renamed milestone keeps its sources' history.
    """
    mine = and_(AuditEntry.record_type == "milestone", AuditEntry.record_id == milestone.id)
    sources = and_(
        AuditEntry.record_type == "source", AuditEntry.agreement_id == milestone.agreement_id
    )
    entries = list(db.session.scalars(newest_first(select(AuditEntry).where(or_(mine, sources)))))
    keys = {milestone.key}
    for entry in entries:
        if entry.record_type == "milestone":
            keys.update(value for value in entry.changes.get("key", []) if value)
    attached = {source.id for source in milestone.sources} | {
        entry.record_id
        for entry in entries
        if entry.record_type == "source" and keys & set(entry.changes.get("milestone", []))
    }
    return [
        entry
        for entry in entries
        if entry.record_type == "milestone" or entry.record_id in attached
    ][:HISTORY_LENGTH]
