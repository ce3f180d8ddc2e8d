"""What the audit trail records of each kind of record, in interchange form.

Values are the codebook's: EDTF text for dates, enum values, party codes,
tag names, milestone keys, focus-area names, amounts as decimal text. Derived
columns (date bounds, slip_days, end bounds), versions, timestamps and
session epochs are never recorded: they follow from what is recorded, or are
bookkeeping. A password is recorded only as having changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from tracker.models import (
    Agreement,
    Commitment,
    FocusArea,
    Milestone,
    Pillar,
    Signatory,
    Source,
    User,
)

HIDDEN, CHANGED, SET = "(hidden)", "(changed)", "(set)"
LABEL_LENGTH = 300


def plain(value):
    """A column value as JSON: enums by value, amounts as exact decimal text, days as ISO."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def is_empty(value) -> bool:
    return value is None or value == "" or value == []


class Scalar:
    """A column, recorded under its interchange name."""

    def __init__(self, attribute: str, name: str | None = None):
        self.attribute, self.name = attribute, name or attribute

    def now(self, session: Session, record):
        return plain(getattr(record, self.attribute))

    def change(self, session: Session, state) -> tuple | None:
        history = state.attrs[self.attribute].history
        if not history.has_changes():
            return None
        old = plain(history.deleted[0]) if history.deleted else None
        new = plain(history.added[0]) if history.added else None
        return None if old == new else (old, new)


def approximate(name: str) -> Scalar:
    """An EDTF date: its text says it all, the bounds follow from it."""
    return Scalar(f"{name}_edtf", name)


class Secret(Scalar):
    """A password: that it was set or changed, never the hash."""

    def now(self, session: Session, record):
        return SET if getattr(record, self.attribute) else None

    def change(self, session: Session, state) -> tuple | None:
        return (HIDDEN, CHANGED) if state.attrs[self.attribute].history.has_changes() else None


class Reference:
    """A link to one other record, recorded by that record's name.

    The link may have been set through the relationship or the foreign key
    column (sources are moved by id): either history tells the old and new.
    """

    def __init__(self, name: str, foreign_key: str, model, label: Callable,
                 relationship: str | None = None):
        self.name, self.foreign_key, self.model = name, foreign_key, model
        self.label, self.relationship = label, relationship

    def now(self, session: Session, record):
        target = getattr(record, self.relationship) if self.relationship else None
        if target is not None:
            return self._label(target)
        # A new record set by id does not load the link: ask the session.
        return self._label_id(session, getattr(record, self.foreign_key))

    def change(self, session: Session, state) -> tuple | None:
        link = state.attrs[self.relationship].history if self.relationship else None
        key = state.attrs[self.foreign_key].history
        if not (key.has_changes() or (link is not None and link.has_changes())):
            return None
        if link is not None and link.deleted:
            old = self._label(link.deleted[0])
        else:
            old = self._label_id(session, _first(key.deleted or key.unchanged))
        if link is not None and link.added:
            new = self._label(link.added[0])
        else:
            new = self._label_id(session, _first(key.added or key.unchanged))
        return None if old == new else (old, new)

    def _label(self, target):
        return self.label(target) if target is not None else None

    def _label_id(self, session: Session, target_id):
        return self._label(session.get(self.model, target_id)) if target_id is not None else None


class Collection:
    """A many-to-many link, recorded as the sorted names of the linked records."""

    def __init__(self, name: str, label: Callable):
        self.name, self.label = name, label

    def now(self, session: Session, record):
        return sorted(self.label(item) for item in getattr(record, self.name))

    def change(self, session: Session, state) -> tuple | None:
        history = state.attrs[self.name].history
        if not (history.added or history.deleted):
            return None
        kept = [self.label(item) for item in history.unchanged]
        old = sorted(kept + [self.label(item) for item in history.deleted])
        new = sorted(kept + [self.label(item) for item in history.added])
        return None if old == new else (old, new)


def _first(values):
    return values[0] if values else None


@dataclass(frozen=True)
class RecordSpec:
    record_type: str
    fields: tuple
    label: Callable[[object], str | None]
    agreement_id: Callable[[Session, object], int | None]


def _own_agreement(_session: Session, record) -> int | None:
    return record.agreement_id


def _source_agreement(session: Session, source: Source) -> int | None:
    """A milestone's source belongs to the milestone's agreement."""
    if source.agreement_id is not None or source.milestone_id is None:
        return source.agreement_id
    milestone = session.get(Milestone, source.milestone_id)
    return milestone.agreement_id if milestone is not None else None


def _no_agreement(_session: Session, _record) -> None:
    return None


def _pillar_name(pillar: Pillar) -> str:
    return pillar.focus_area.name


SPECS = {
    Agreement: RecordSpec("agreement", (
        Scalar("key"), Scalar("title"), Scalar("kind"), Scalar("status"),
        Collection("parties", lambda party: party.code),
        approximate("signed_on"), Scalar("signed_on_as_stated"), Scalar("signed_at"),
        approximate("in_force_on"), Scalar("in_force_on_as_stated"), approximate("ends_on"),
        Scalar("ends_on_as_stated"), Scalar("duration_years"), Scalar("summary"),
        Scalar("last_verified_on"),
        Collection("tags", lambda tag: tag.name),
    ), lambda agreement: agreement.title, lambda _session, agreement: agreement.id),
    Signatory: RecordSpec("signatory", (
        Scalar("name"), Scalar("role"), Scalar("party_code", "party"),
    ), lambda signatory: signatory.name, _own_agreement),
    Commitment: RecordSpec("commitment", (
        Scalar("party_code", "party"), Scalar("description"), Scalar("amount"),
        Scalar("currency"), approximate("period"),
    ), lambda commitment: f"{commitment.party_code}: {commitment.description}", _own_agreement),
    Pillar: RecordSpec("pillar", (
        Reference("focus_area", "focus_area_id", FocusArea, lambda area: area.name,
                  relationship="focus_area"),
        Scalar("objective"), Scalar("strategic_intent"), Scalar("status"),
    ), lambda pillar: pillar.focus_area.name if pillar.focus_area else "", _own_agreement),
    Milestone: RecordSpec("milestone", (
        Scalar("key"), Scalar("title"), Scalar("kind"),
        Reference("pillar", "pillar_id", Pillar, _pillar_name, relationship="pillar"),
        Scalar("status"), approximate("due"), Scalar("due_as_stated"),
        approximate("completed_on"), Scalar("completed_on_as_stated"),
        Collection("depends_on", lambda other: other.key), Scalar("description"),
    ), lambda milestone: milestone.title, _own_agreement),
    Source: RecordSpec("source", (
        Scalar("url"), Scalar("title"), Scalar("publisher"), approximate("published_on"),
        Scalar("reliability"),
        # Which milestone it is attached to (none: the agreement itself), as the
        # interchange format nests it; a milestone's History finds its sources by it.
        Reference("milestone", "milestone_id", Milestone, lambda milestone: milestone.key),
    ), lambda source: source.label, _source_agreement),
    User: RecordSpec("user", (
        Scalar("username"), Scalar("role"), Scalar("active"), Secret("password_hash", "password"),
    ), lambda user: user.username, _no_agreement),
    FocusArea: RecordSpec("focus_area", (
        Scalar("name"), Scalar("description"),
    ), lambda area: area.name, _no_agreement),
}

RECORD_TYPES = [spec.record_type for spec in SPECS.values()] + ["import"]


def spec_for(record) -> RecordSpec | None:
    return SPECS.get(type(record))


def label_of(spec: RecordSpec, record) -> str:
    return (spec.label(record) or "")[:LABEL_LENGTH]


def created_values(session: Session, spec: RecordSpec, record) -> dict:
    """{field: [None, value]} for every field given a value."""
    values = ((field.name, field.now(session, record)) for field in spec.fields)
    return {name: [None, value] for name, value in values if not is_empty(value)}


def deleted_values(session: Session, spec: RecordSpec, record) -> dict:
    """{field: [value, None]} for every field that had a value."""
    values = ((field.name, field.now(session, record)) for field in spec.fields)
    return {name: [value, None] for name, value in values if not is_empty(value)}


def updated_values(session: Session, spec: RecordSpec, record) -> dict:
    """{field: [old, new]} for every field whose value really changed."""
    state = inspect(record)
    changes = {}
    for field in spec.fields:
        change = field.change(session, state)
        if change is not None:
            changes[field.name] = list(change)
    return changes
