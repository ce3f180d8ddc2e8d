"""What the tracker's vocabularies (focus areas, provisions) share: one name, one entry."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from wtforms.validators import ValidationError

from tracker.extensions import db


def refuse_taken_name(model, name: str, noun: str) -> None:
    """Refuse a name the vocabulary has already in any letter case, so "air defense" cannot
    split a comparison in two."""
    name = name.strip()
    # The exact name too: SQLite's lower() folds ASCII letters only ("Õ" stays "Õ").
    same = select(model.id).where(or_(model.name == name, func.lower(model.name) == name.lower()))
    if db.session.scalar(same) is not None:
        raise ValidationError(f"The {noun} “{name}” exists already.")
