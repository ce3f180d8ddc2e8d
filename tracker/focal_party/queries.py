"""Reading the focal party."""

from __future__ import annotations

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import FocalParty, Party
from tracker.models.party import agreement_party


def focal_party_row() -> FocalParty | None:
    """The one row, or None while no admin has named a focal party."""
    return db.session.scalars(select(FocalParty).order_by(FocalParty.id).limit(1)).first()


def focal_party() -> Party | None:
    """The party the tracker follows, or None."""
    row = focal_party_row()
    return row.party if row is not None else None


def parties_in_agreements() -> list[Party]:
    """The parties some agreement names, by name: the only sensible focal parties."""
    named = select(agreement_party.c.party_code).distinct()
    return list(db.session.scalars(select(Party).where(Party.code.in_(named)).order_by(Party.name)))
