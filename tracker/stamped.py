"""Reads and pages kept until the data changes: the dashboard, the timeline, filter lists.

Every write to the tracker's records leaves an audit entry in the same
transaction (tracker/audit/hook.py), and `tracker generate`, the one writer
without one, adds agreements. So the newest entry's id and the number of
agreements change with every write, and two index reads learn them: a result
read under the same stamp is still true. The kept results belong to the app
(each test's app starts empty) and are few; callers must not change them.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import wraps
from threading import Lock

from flask import current_app
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Agreement, AuditEntry

KEPT = 16  # results per function: one per set of arguments in use
_SHELVING = Lock()


def data_stamp() -> tuple[int, int]:
    """(newest audit entry's id, number of agreements): changes whenever the data does."""
    newest = db.session.scalar(select(func.max(AuditEntry.id))) or 0
    return newest, db.session.scalar(select(func.count()).select_from(Agreement))


def kept_until_the_data_changes(read):
    """``read(*args)``, computed once per data stamp and arguments.

    Each function keeps its own results, so that many filter combinations of one
    page cannot push out another page's one result; a new stamp drops them all, as
    none can be read again."""

    @wraps(read)
    def stamped(*args, **kwargs):
        shelves: dict = current_app.extensions.setdefault("stamped", {})
        stamp, key = data_stamp(), (args, tuple(sorted(kwargs.items())))
        with _SHELVING:  # a server's threads share the shelves
            shelf = shelves.get(read.__qualname__)
            if shelf is None or shelf[0] != stamp:
                shelf = shelves[read.__qualname__] = (stamp, OrderedDict())
            kept: OrderedDict = shelf[1]
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        # Read outside the lock: two threads may both read it once, neither waits.
        result = read(*args, **kwargs)
        with _SHELVING:
            kept[key] = result
            while len(kept) > KEPT:
                kept.popitem(last=False)
        return result

    return stamped


def forget_kept(app) -> None:
    """Drop every kept result of ``app``: the next reads run as after a write (benches)."""
    with _SHELVING:
        app.extensions.pop("stamped", None)
