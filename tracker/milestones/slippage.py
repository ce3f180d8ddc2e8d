"""Slippage: how a milestone's due date moved, told by the audit trail.

A milestone has *slipped* when the best estimate of its due date (the middle
of its stated window, tracker/dates.py) is later now than that of the due
date first planned; "slipped by N days" is the difference of the two. Each
save also keeps first_due_* and slip_days on the milestone
(models/milestone.py) so that SQL can count and rank slips; these functions
read the whole story from the trail, and agree with those columns wherever
the trail goes back to the milestone's creation.
Synthetic data (``tracker generate``) has the columns but no trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from tracker.audit.present import as_utc
from tracker.dates import ApproximateDate, InvalidDate, estimate_or_none
from tracker.extensions import db
from tracker.models import AuditEntry


@dataclass(frozen=True)
class DueChange:
    at: dt.datetime  # UTC
    actor: str
    old: str | None  # EDTF text, None when there was no due date
    new: str | None


def due_history(milestone_id: int) -> list[DueChange]:
    """Every recorded setting of the milestone's due date, oldest first."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.record_type == "milestone", AuditEntry.record_id == milestone_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return due_changes(entries)


def due_changes(entries: Iterable[AuditEntry]) -> list[DueChange]:
    """The entries that set the due date (its creation included), in the order given."""
    return [
        DueChange(as_utc(entry.at), entry.actor, *entry.changes["due"])
        for entry in entries
        if "due" in entry.changes
    ]


def latest_day(text: str | None) -> dt.date | None:
    """The latest day an EDTF due date can mean; None when open, absent or unreadable."""
    if not text:
        return None
    try:
        return ApproximateDate.parse(text).latest
    except InvalidDate:
        return None


def first_planned(changes: list[DueChange]) -> str | None:
    """The earliest due date the trail knows: what its first change replaced, else set."""
    for change in changes:
        if change.old or change.new:
            return change.old or change.new
    return None


def slip_days(changes: list[DueChange]) -> int:
    """Days the best estimate of the due date has moved since first planned (negative:
    earlier)."""
    if not changes:
        return 0
    first, current = estimate_or_none(first_planned(changes)), estimate_or_none(changes[-1].new)
    return (current - first).days if first and current else 0


def due_as_of(later_entries: list[AuditEntry], current: str | None) -> str | None:
    """The due date a milestone had at a moment, from its entries after that moment.

    Read backwards from now: the first later change of the due date says what
    it was before; no later change means it is still as it was. A milestone
    created after the moment had none (None).
    """
    if any(entry.action == "create" for entry in later_entries):
        return None
    for entry in later_entries:
        if "due" in entry.changes:
            return entry.changes["due"][0]
    return current
