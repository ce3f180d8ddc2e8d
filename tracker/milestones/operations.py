"""Changes to milestones. Plain values in, models out; the caller commits."""

from __future__ import annotations

from tracker.declaration import copy_values
from tracker.extensions import db
from tracker.milestones.dependencies import prerequisites_first
from tracker.milestones.forms import MilestoneForm
from tracker.models import Agreement, Milestone


def create_milestone(agreement: Agreement, values: dict) -> Milestone:
    """A new milestone goes to the end of the agreement's list, unless ``position`` says."""
    with db.session.no_autoflush:  # the new row must not reach the database half-filled
        last = max((other.position for other in agreement.milestones), default=-1)
        milestone = Milestone(agreement=agreement, position=last + 1)
        db.session.add(milestone)
        return update_milestone(milestone, values)


def update_milestone(milestone: Milestone, values: dict, with_dependencies: bool = True):
    """Set the fields; pillar and dependencies are named by focus area and key.

    ``values["position"]``, when given, is where in the agreement's list (0 first) the
    milestone goes; the list is then put in order (see put_in_order).
    """
    copy_values(MilestoneForm.declaration(), milestone, values)
    pillar = _pillar_named(milestone.agreement, values["pillar"])
    if milestone.pillar is not pillar:
        milestone.pillar = pillar
    if with_dependencies:
        set_dependencies(milestone, values["depends_on"])
        put_in_order(milestone.agreement, milestone, values.get("position"))
    db.session.flush()
    return milestone


def put_in_order(
    agreement: Agreement, moved: Milestone | None = None, to: int | None = None
) -> None:
    """Number the milestones 0, 1, … in the order analysts gave (``moved`` put at ``to``),
    each after every milestone it depends on: no list shows a prerequisite after a
    milestone that needs it."""
    ordered = sorted(agreement.milestones, key=lambda m: (m.position, m.id or 0))
    if moved is not None and to is not None and moved in ordered:
        ordered.remove(moved)
        ordered.insert(min(to, len(ordered)), moved)
    for position, milestone in enumerate(
        prerequisites_first(ordered, lambda milestone: milestone.depends_on)
    ):
        if milestone.position != position:
            milestone.position = position


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
