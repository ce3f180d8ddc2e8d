"""Changes to milestones. Plain values in, models out; the caller commits."""

from __future__ import annotations

from tracker.extensions import db
from tracker.models import Agreement, Milestone

FIELDS = ("key", "title", "kind", "status", "due", "due_as_stated", "completed_on",
          "completed_on_as_stated", "description")


def create_milestone(agreement: Agreement, values: dict) -> Milestone:
    with db.session.no_autoflush:  # the new row must not reach the database half-filled
        milestone = Milestone(agreement=agreement)
        db.session.add(milestone)
        return update_milestone(milestone, values)


def update_milestone(milestone: Milestone, values: dict, with_dependencies: bool = True):
    """Set the fields; pillar and dependencies are named by focus area and key."""
    for field in FIELDS:
        if getattr(milestone, field) != values[field]:
            setattr(milestone, field, values[field])
    pillar = _pillar_named(milestone.agreement, values["pillar"])
    if milestone.pillar is not pillar:
        milestone.pillar = pillar
    if with_dependencies:
        set_dependencies(milestone, values["depends_on"])
    db.session.flush()
    return milestone


def set_dependencies(milestone: Milestone, keys: list[str]) -> None:
    by_key = {other.key: other for other in milestone.agreement.milestones}
    wanted = [by_key[key] for key in sorted(keys)]
    if list(milestone.depends_on) != wanted:
        milestone.depends_on = wanted
        milestone.touch()


def _pillar_named(agreement: Agreement, focus_area: str | None):
    if focus_area is None:
        return None
    return next(p for p in agreement.pillars if p.focus_area.name == focus_area)


def delete_milestone(milestone: Milestone) -> None:
    db.session.delete(milestone)
    db.session.flush()
