"""What an import would do: each agreement created, updated or left unchanged, and for
each update the fields that change (see tracker/interchange/changes.py for how they are
compared: the importer asks the same question, so its result counts alike).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from tracker.extensions import db
from tracker.imports.reading import Upload, where_of
from tracker.interchange.changes import FieldChange, changes_to, stored_agreements
from tracker.interchange.importer import ImportFailed, plan_import
from tracker.interchange.shape import Problem

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


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
    stored = stored_agreements([item["key"] for item in items])
    rows = []
    for item in items:
        title = str(item.get("title") or "")
        existing = stored.get(item["key"])
        if existing is None:
            rows.append(PlannedChange(item["key"], title, CREATE))
            continue
        changes = changes_to(existing, item)
        rows.append(PlannedChange(item["key"], title, UPDATE if changes else UNCHANGED, changes))
    return rows
