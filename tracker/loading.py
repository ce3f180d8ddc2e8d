"""Opening the agreement a page's URL names: every feature's pages start from it."""

from __future__ import annotations

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Agreement


def load_agreement(key: str) -> Agreement:
    """The agreement with this key, or a 404 page."""
    return db.first_or_404(select(Agreement).where(Agreement.key == key))
