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
from functools import cache

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from tracker.declaration import (
    COLLECTION,
    DATE,
    LINK,
    REFERENCE,
    Declaration,
    FieldSpec,
    declared_types,
    foreign_key,
    link_target,
    natural_key,
    storage,
)
from tracker.models import Agreement, Milestone

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

    def __init__(
        self, name: str, foreign_key: str, model, label: Callable, relationship: str | None = None
    ):
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


def _audited(declaration: Declaration, spec: FieldSpec):
    """How the audit trail reads one declared field of the model."""
    model = declaration.model
    if spec.secret:  # kept only as its hash, in <name>_hash
        return Secret(f"{spec.name}_hash", spec.name)
    if spec.role == LINK:  # set by id when a source is moved
        column, target = link_target(model, spec.name)
        return Reference(spec.name, column, target, natural_key)
    how, attribute = storage(model, spec.name)
    if how == DATE:  # the EDTF text says it all; the bounds follow from it
        return Scalar(f"{spec.name}_edtf", spec.name)
    if how == COLLECTION:
        return Collection(spec.name, natural_key)
    if how == REFERENCE:
        target = inspect(model).relationships[spec.name].mapper.class_
        return Reference(
            spec.name, foreign_key(model, spec.name), target, natural_key, relationship=spec.name
        )
    return Scalar(attribute, spec.name)


def _label(record) -> str | None:
    """What the trail calls a record: what its pages call it (each model's ``label``)."""
    return record.label


@cache
def _specs(_declared: int) -> dict[type, RecordSpec]:
    specs = {}
    for record_type, form in declared_types().items():
        declaration = form.declaration()
        fields = tuple(_audited(declaration, spec) for spec in declaration.audited)
        specs[declaration.model] = RecordSpec(record_type, fields, _label)
    return specs


def specs() -> dict[type, RecordSpec]:
    """Every audited model's spec, read from the record types' declarations."""
    return _specs(len(declared_types()))  # read again once more types are declared


def record_types() -> list[str]:
    """The record types the trail names, the imports among them."""
    return sorted([*declared_types(), "import"])


def agreement_id_of(session: Session, record) -> int | None:
    """The agreement a record belongs to: its own id, its agreement's, or a milestone's
    agreement's (a milestone's source); none for accounts and the vocabulary."""
    if isinstance(record, Agreement):
        return record.id
    if getattr(record, "agreement_id", None) is not None:
        return record.agreement_id
    milestone_id = getattr(record, "milestone_id", None)
    if milestone_id is None:
        return None
    milestone = session.get(Milestone, milestone_id)
    return milestone.agreement_id if milestone is not None else None


def spec_for(record) -> RecordSpec | None:
    return spec_for_type(type(record))


def spec_for_type(model: type) -> RecordSpec | None:
    return specs().get(model)


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
