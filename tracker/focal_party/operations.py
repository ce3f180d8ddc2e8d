"""Naming the focal party. Plain values in, the row out; the caller commits."""

from __future__ import annotations

from tracker.extensions import db
from tracker.focal_party.queries import focal_party_row
from tracker.models import FocalParty


def set_focal_party(values: dict) -> FocalParty:
    row = focal_party_row()
    if row is None:
        row = FocalParty()
        db.session.add(row)
    if row.party_code != values["party_code"]:
        row.party_code = values["party_code"]
    db.session.flush()
    return row
