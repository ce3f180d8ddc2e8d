"""The one place that writes the audit trail: listeners on the app's session.

No view or operation writes an entry. Every flush is watched instead:

before_flush    snapshots the records about to be deleted while they can still
                be read, including those the database deletes by cascade and
                those dropped from a parent's list (orphans);
after_flush     diffs the records the flush created or changed: their ids exist
                now, and their attribute history is still the flush's;
before_commit   turns the transaction's changes, one per record, into AuditEntry
                rows in the same session, so the commit writes them with the data.

A rollback, or a session closed without commit, forgets the changes with
everything else. (Savepoints are not used here: rolling one back would not
take its changes out of the transaction's list.) Rows written with Core
inserts (``tracker generate``) bypass the session and are not audited.
"""

from __future__ import annotations

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from tracker.audit.actor import current_actor
from tracker.audit.pending import Change, Pending
from tracker.audit.values import (
    agreement_id_of,
    created_values,
    deleted_values,
    label_of,
    spec_for,
    spec_for_type,
    updated_values,
)
from tracker.extensions import db
from tracker.models import (
    Agreement,
    AuditEntry,
    Commitment,
    Milestone,
    Pillar,
    Signatory,
    Source,
)
from tracker.models.base import utcnow

PENDING = "audit_pending"
DOOMED = "audit_doomed"  # identities deleted by the flush under way
AGREEMENT_PARTS = (Signatory, Commitment, Pillar, Milestone, Source)


def _pending(session: Session) -> Pending:
    return session.info.setdefault(PENDING, Pending())


def _snapshot_deletions(session: Session, _context, _instances) -> None:
    doomed = _doomed(session)
    session.info[DOOMED] = set(doomed)
    pending = _pending(session)
    for record in doomed.values():
        spec = spec_for(record)
        pending.add(
            Change(
                "delete",
                spec.record_type,
                record.id,
                label_of(spec, record),
                agreement_id_of(session, record),
                deleted_values(session, spec, record),
            )
        )
    for change in _lost_dependencies(session, doomed):
        pending.add(change)


def _diff_writes(session: Session, _context) -> None:
    doomed = session.info.pop(DOOMED, set())
    pending = _pending(session)
    for action, records in (("create", session.new), ("update", session.dirty)):
        for record in records:
            spec = spec_for(record)
            if spec is None or inspect(record).identity_key in doomed:
                continue
            values = (created_values if action == "create" else updated_values)(
                session, spec, record
            )
            if action == "create" or values:
                pending.add(
                    Change(
                        action,
                        spec.record_type,
                        record.id,
                        label_of(spec, record),
                        agreement_id_of(session, record),
                        values,
                    )
                )


def _write_entries(session: Session) -> None:
    session.flush()  # changes not flushed yet get their entries from this flush
    pending = session.info.pop(PENDING, None)
    if pending is None or not pending.changes:
        return
    actor_id, actor = current_actor(session)
    at = utcnow()
    session.add_all(
        AuditEntry(
            at=at,
            actor_id=actor_id,
            actor=actor[:120],
            action=change.action,
            record_type=change.record_type,
            record_id=change.record_id,
            record_label=change.record_label,
            agreement_id=change.agreement_id,
            changes=change.changes,
        )
        for change in pending.changes
    )


def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING, None)
        session.info.pop(DOOMED, None)


def _doomed(session: Session) -> dict:
    """Audited records this flush deletes, by identity: explicitly, as orphans, by cascade."""
    found: dict = {}

    def add(record) -> None:
        state = inspect(record)
        if spec_for(record) is not None and state.persistent:
            found.setdefault(state.identity_key, record)

    for record in list(session.deleted):
        add(record)
    for record in list(session.dirty):
        for child in _orphans(record):
            add(child)
    # The database deletes the parts of a deleted agreement or milestone by cascade
    # (passive_deletes): load them, so their deletion is recorded too.
    for record in list(found.values()):
        for part in _cascaded_parts(session, record):
            add(part)
    return found


def _orphans(record):
    """Children removed from a parent's delete-orphan list: the flush deletes them."""
    if spec_for(record) is None:
        return
    state = inspect(record)
    for relationship in state.mapper.relationships:
        if relationship.cascade.delete_orphan:
            yield from (
                child
                for child in state.attrs[relationship.key].history.deleted
                if child is not None
            )


def _lost_dependencies(session: Session, doomed: dict):
    """Milestones that depended on a deleted one lose it: the link goes with the row."""
    spec = spec_for_type(Milestone)
    dependents = {
        inspect(other).identity_key: other
        for record in doomed.values()
        if isinstance(record, Milestone)
        for other in record.dependents
    }
    for identity, milestone in dependents.items():
        if identity in doomed:
            continue
        old = sorted(other.key for other in milestone.depends_on)
        new = sorted(
            other.key for other in milestone.depends_on if inspect(other).identity_key not in doomed
        )
        if old != new:
            yield Change(
                "update",
                spec.record_type,
                milestone.id,
                label_of(spec, milestone),
                milestone.agreement_id,
                {"depends_on": [old, new]},
            )


def _cascaded_parts(session: Session, record) -> list:
    if isinstance(record, Agreement):
        milestones = select(Milestone.id).where(Milestone.agreement_id == record.id)
        return [
            *(
                part
                for model in AGREEMENT_PARTS
                for part in session.scalars(select(model).where(model.agreement_id == record.id))
            ),
            *session.scalars(select(Source).where(Source.milestone_id.in_(milestones))),
        ]
    if isinstance(record, Milestone):
        return list(session.scalars(select(Source).where(Source.milestone_id == record.id)))
    return []


def record_import(
    file_name: str, created: list[str], updated: list[str], unchanged: list[str]
) -> None:
    """One entry for an import as a whole, beside the entries of the records it wrote; it
    also names the agreements the file held as stored, which the import left alone."""
    _pending(db.session()).note(
        Change(
            "create",
            "import",
            0,
            file_name[:300],
            None,
            {
                "file": [None, file_name],
                "created": [None, created],
                "updated": [None, updated],
                "unchanged": [None, unchanged],
            },
        )
    )


LISTENERS = (
    ("before_flush", _snapshot_deletions),
    ("after_flush", _diff_writes),
    ("before_commit", _write_entries),
    ("after_transaction_end", _forget),
)


def listen_to_the_session() -> None:
    """Listen on the app's session class, once however many apps are made (tests make many)."""
    for name, listener in LISTENERS:
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
