"""Changes to the focus-area vocabulary."""

from __future__ import annotations

from tracker.extensions import db
from tracker.models import FocusArea


def create_focus_area(values: dict) -> FocusArea:
    focus_area = FocusArea(name=values["name"], description=values["description"])
    db.session.add(focus_area)
    db.session.flush()
    return focus_area
