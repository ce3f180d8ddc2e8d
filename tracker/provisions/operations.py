"""Changes to the provision vocabulary."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Provision
from tracker.provisions.queries import forget_provision_names


def create_provision(values: dict) -> Provision:
    """A new provision is numbered after every other: it shows last in its category, and a
    new category shows last of all (categories go by their first provision)."""
    last = db.session.scalar(select(func.max(Provision.position)))
    provision = Provision(**values, position=0 if last is None else last + 1)
    db.session.add(provision)
    db.session.flush()
    forget_provision_names()
    return provision
