"""What an import would do: each agreement created, updated or left unchanged, and for
each update the fields that change (see changes.py for how they are compared).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from tracker.agreement_parts import EVERY_PART
from tracker.agreements.forms import AgreementForm
from tracker.declaration import record_of
from tracker.extensions import db
from tracker.imports.changes import FieldChange, agreement_changes
from tracker.imports.reading import Upload, where_of
from tracker.interchange.importer import ImportFailed, plan_import
from tracker.interchange.shape import Problem
from tracker.models import Agreement

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
KEYS_PER_QUERY = 500  # well under every database's limit of bound parameters


@dataclass
class PlannedChange:
    key: str
    title: str
    action: str  # CREATE, UPDATE or UNCHANGED
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class Preview:
    """What confirming an upload would do, and every problem that stops it; worked out once
    per upload and kept with it (see staging.py), so reloading the page checks nothing."""

    changes: list[PlannedChange]
    problems: list[Problem]

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    def as_json(self) -> dict:
        return {
            "changes": [asdict(change) for change in self.changes],
            "problems": [list(problem) for problem in self.problems],
        }

    @classmethod
    def from_json(cls, content: dict) -> Preview:
        changes = [
            PlannedChange(**{**change, "changes": [FieldChange(**c) for c in change["changes"]]})
            for change in content["changes"]
        ]
        return cls(changes, [Problem(*problem) for problem in content["problems"]])


def preview_import(upload: Upload) -> Preview:
    """Check the upload with plan_import, the importer's one rule set, writing nothing;
    each problem is placed at its CSV file and row when there is one."""
    try:
        plan_import(upload.document)
        problems = []
    except ImportFailed as failure:
        where = where_of(upload.rows)
        problems = [where.place(problem) for problem in failure.problems]
    try:
        return Preview(planned_changes(upload.document), problems)
    finally:
        db.session.rollback()  # the checks only read; end their transaction


def planned_changes(document) -> list[PlannedChange]:
    """One row per agreement object of the document that names a key."""
    items = document.get("agreements") if isinstance(document, dict) else None
    items = [
        item
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict) and isinstance(item.get("key"), str)
    ]
    stored = _stored_agreements([item["key"] for item in items])
    declaration = AgreementForm.declaration()
    rows = []
    for item in items:
        title = str(item.get("title") or "")
        existing = stored.get(item["key"])
        if existing is None:
            rows.append(PlannedChange(item["key"], title, CREATE))
            continue
        changes = agreement_changes(declaration, record_of(declaration, existing), item)
        rows.append(PlannedChange(item["key"], title, UPDATE if changes else UNCHANGED, changes))
    return rows


def _stored_agreements(keys: list[str]) -> dict[str, Agreement]:
    """The stored agreements of these keys with all their parts, in a few queries for each
    few hundred keys rather than several for each agreement."""
    found = {}
    for start in range(0, len(keys), KEYS_PER_QUERY):
        query = (
            select(Agreement)
            .where(Agreement.key.in_(keys[start : start + KEYS_PER_QUERY]))
            .options(*EVERY_PART)
        )
        found.update((agreement.key, agreement) for agreement in db.session.scalars(query))
    return found
