"""The dashboard's heavy reads, kept until the data changes.

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

from flask import current_app
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Agreement, AuditEntry

KEPT = 16  # results per app: one per function and set of arguments in use


def data_stamp() -> tuple[int, int]:
    """(newest audit entry's id, number of agreements): changes whenever the data does."""
    newest = db.session.scalar(select(func.max(AuditEntry.id))) or 0
    return newest, db.session.scalar(select(func.count()).select_from(Agreement))


def kept_until_the_data_changes(read):
    """``read(*args)``, computed once per data stamp and arguments."""

    @wraps(read)
    def stamped(*args, **kwargs):
        kept: OrderedDict = current_app.extensions.setdefault("stamped", OrderedDict())
        key = (read.__qualname__, data_stamp(), args, tuple(sorted(kwargs.items())))
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
        result = kept[key] = read(*args, **kwargs)
        while len(kept) > KEPT:
            kept.popitem(last=False)
        return result

    return stamped
