"""Opening the agreement a page's URL names: every feature's pages start from it."""

from __future__ import annotations

from functools import wraps

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Agreement


def load_agreement(key: str) -> Agreement:
    """The agreement with this key, or a 404 page."""
    return db.first_or_404(select(Agreement).where(Agreement.key == key))


def opens_agreement(view):
    """The view is handed the agreement its URL's ``<key>`` names instead of the key; a key
    that names none is a 404. Put it below the access check, so a refused reader never
    learns whether the key exists."""

    @wraps(view)
    def opened(*args, key: str, **kwargs):
        return view(*args, agreement=load_agreement(key), **kwargs)

    return opened
