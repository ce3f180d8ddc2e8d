"""A transaction's changes, one per record, waiting for the commit.

An operation may flush a record several times before the request commits
(a user's role, then whether it is active; an imported milestone, then its
dependencies). The trail should say what the transaction did, so later
flushes fold into the record's earlier change:

    create + update  ->  create with the newer values
    update + update  ->  update from the first old value to the last new one
    update + delete  ->  delete of the values as they were before the transaction
    create + delete  ->  nothing: the record never existed outside the transaction
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.audit.values import is_empty


@dataclass
class Change:
    action: str  # create, update, delete
    record_type: str
    record_id: int
    record_label: str
    agreement_id: int | None
    changes: dict = field(default_factory=dict)


class Pending:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self._open: dict[tuple[str, int], Change] = {}  # records not deleted since

    def add(self, change: Change) -> None:
        key = (change.record_type, change.record_id)
        earlier = self._open.pop(key, None)
        if earlier is not None:
            change = _fold(earlier, change)
            self.changes.remove(earlier)
        if change is None:
            return
        if change.changes or change.action != "update":
            self.changes.append(change)
            if change.action != "delete":  # an id may be reused after a delete (SQLite)
                self._open[key] = change

    def note(self, change: Change) -> None:
        """A change that is not a record's (an import): kept as it is."""
        self.changes.append(change)


def _fold(earlier: Change, later: Change) -> Change | None:
    if later.action == "delete":
        if earlier.action == "create":
            return None
        return _before_update(earlier, later)
    merged = dict(earlier.changes)
    for name, (old, new) in later.changes.items():
        if earlier.action == "create":
            first_old, gone = None, is_empty(new)
        else:
            first_old = merged[name][0] if name in merged else old
            gone = first_old == new
        if gone:
            merged.pop(name, None)
        else:
            merged[name] = [first_old, new]
    return Change(
        earlier.action,
        later.record_type,
        later.record_id,
        later.record_label,
        later.agreement_id,
        merged,
    )


def _before_update(update: Change, delete: Change) -> Change:
    """A deleted record's values as they were before the transaction changed them."""
    values = dict(delete.changes)
    for name, (old, _new) in update.changes.items():
        if is_empty(old):
            values.pop(name, None)
        else:
            values[name] = [old, None]
    return Change(
        "delete",
        delete.record_type,
        delete.record_id,
        update.record_label,
        delete.agreement_id,
        values,
    )
