"""Reading the data cut-off."""

from __future__ import annotations

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import DataCutoff


def current_cutoff() -> DataCutoff | None:
    """The one cut-off row, or None while no admin has set one."""
    return db.session.scalars(select(DataCutoff).order_by(DataCutoff.id).limit(1)).first()
