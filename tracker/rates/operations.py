"""Adding and deleting exchange rates. Plain values in; the caller commits."""

from __future__ import annotations

from tracker.extensions import db
from tracker.models import ExchangeRate


def create_rate(values: dict) -> ExchangeRate:
    rate = ExchangeRate(**values)
    db.session.add(rate)
    db.session.flush()
    return rate


def delete_rate(rate: ExchangeRate) -> None:
    db.session.delete(rate)
    db.session.flush()
