"""Read-side queries for the focus-area vocabulary."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import FocusArea, Pillar


def focus_area_names() -> list[str]:
    """The vocabulary's names, alphabetically: what a focus-area choice offers."""
    return list(db.session.scalars(select(FocusArea.name).order_by(FocusArea.name)))


def focus_areas_with_counts() -> list[tuple[FocusArea, int]]:
    """Every focus area, by name, with how many pillars use it."""
    counts = (
        select(FocusArea, func.count(Pillar.id))
        .outerjoin(Pillar, Pillar.focus_area_id == FocusArea.id)
        .group_by(FocusArea.id)
        .order_by(FocusArea.name)
    )
    return list(db.session.execute(counts).all())
