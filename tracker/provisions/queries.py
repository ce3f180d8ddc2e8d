"""Read-side queries for the provision vocabulary."""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Provision


def provisions_by_category() -> list[tuple[str, list[Provision]]]:
    """Every provision, in categories; categories and provisions in the matrix's order (the
    order they were added in, the default set first)."""
    first = (
        select(Provision.category, func.min(Provision.position).label("first"))
        .group_by(Provision.category)
        .subquery()
    )
    provisions = db.session.scalars(
        select(Provision)
        .join(first, first.c.category == Provision.category)
        .order_by(first.c.first, Provision.position, Provision.id)
    )
    return [
        (category, list(group)) for category, group in groupby(provisions, lambda p: p.category)
    ]


def categories() -> list[str]:
    return [category for category, _ in provisions_by_category()]
