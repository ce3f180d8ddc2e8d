"""The milestones matching the list's filters: one query, whatever the filters."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import contains_eager

from tracker.dashboard.queries import DUE_SOON_DAYS
from tracker.filter_clauses import names_any_party
from tracker.models import Agreement, FocusArea, Milestone, MilestoneKind, MilestoneStatus, Pillar
from tracker.spelling import other_spelling

SORTS = {
    "due": (Milestone.due_estimate.asc().nulls_last(), Milestone.id),
    "-due": (Milestone.due_estimate.desc().nulls_last(), Milestone.id.desc()),
    "-slip": (Milestone.slip_days.desc().nulls_last(), Milestone.id),
    "agreement": (Agreement.key, Milestone.position, Milestone.id),
    "title": (Milestone.title, Milestone.id),
}


def filtered_milestones(
    today: dt.date,
    q: str = "",
    state: str = "",
    status: list[str] | None = None,
    kind: list[str] | None = None,
    party: list[str] | None = None,
    focus_area: list[str] | None = None,
    agreement: str = "",
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    sort: str = "due",
) -> Select:
    """Milestones, with their agreement, matching every given filter; blank ones are ignored.
    ``state`` is a dashboard card's rule: overdue, due_soon or slipped."""
    query = (
        select(Milestone)
        .join(Agreement, Agreement.id == Milestone.agreement_id)
        .options(contains_eager(Milestone.agreement))
    )
    for word in (q or "").split():
        query = query.where(_mentions(word))
    if state == "overdue":
        query = query.where(Milestone.overdue_clause(today))
    elif state == "due_soon":
        query = query.where(Milestone.due_soon_clause(today, DUE_SOON_DAYS))
    elif state == "slipped":
        query = query.where(Milestone.slip_days > 0)
    if status:
        query = query.where(Milestone.status.in_([MilestoneStatus(value) for value in status]))
    if kind:
        query = query.where(Milestone.kind.in_([MilestoneKind(value) for value in kind]))
    if party:
        query = query.where(names_any_party(party))
    if focus_area:
        query = query.where(
            exists().where(
                Pillar.id == Milestone.pillar_id,
                Pillar.focus_area_id == FocusArea.id,
                FocusArea.name.in_(focus_area),
            )
        )
    if agreement:
        query = query.where(Agreement.key == agreement)
    if due_from:
        query = query.where(Milestone.due_estimate >= due_from)
    if due_to:
        query = query.where(Milestone.due_estimate <= due_to)
    return query.order_by(*SORTS.get(sort, SORTS["due"]))


def _mentions(word: str):
    """The milestone's own words hold ``word`` (or its other spelling), in any letter case.

    A substring match, so "drone" finds "drones"; the full-text index is per agreement,
    and a milestone list needs the milestone's own words.
    """
    spellings = {word, other_spelling(word.lower()) or word}
    return or_(
        *(
            column.icontains(spelling, autoescape=True)
            for spelling in spellings
            for column in (Milestone.title, Milestone.description, Milestone.due_as_stated)
        )
    )
