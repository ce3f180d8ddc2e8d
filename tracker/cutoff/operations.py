"""Setting the data cut-off. Plain values in, the row out; the caller commits."""

from __future__ import annotations

from tracker.cutoff.queries import current_cutoff
from tracker.extensions import db
from tracker.models import DataCutoff


def set_cutoff(values: dict) -> DataCutoff:
    cutoff = current_cutoff()
    if cutoff is None:
        cutoff = DataCutoff()
        db.session.add(cutoff)
    for name in ("as_of", "note"):
        if getattr(cutoff, name) != values[name]:
            setattr(cutoff, name, values[name])
    db.session.flush()
    return cutoff
