"""What an import would do: each agreement created or updated, and per field what changes.

The current record is read in interchange form (the export's own shape), so
both sides of the comparison speak the codebook. Nested lists are
summarised: pillars by focus area and milestones by key (added, removed,
changed), the other lists by their number of entries.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from tracker.agreements.forms import AgreementForm
from tracker.declaration import DERIVED, RECORDS, FieldSpec, record_of
from tracker.extensions import db
from tracker.imports.reading import Upload, where_of
from tracker.interchange.importer import ImportFailed, plan_import
from tracker.interchange.shape import Problem
from tracker.models import Agreement


@dataclass
class FieldChange:
    name: str
    before: str
    after: str


@dataclass
class PlannedChange:
    key: str
    title: str
    action: str  # "create" or "update"
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class Preview:
    """What confirming an upload would do, and every problem that stops it; worked out once
    per upload and kept with it (see staging.py), so reloading the page checks nothing."""

    changes: list[PlannedChange]
    problems: list[Problem]

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
    rows = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            continue
        existing = db.session.scalar(select(Agreement).where(Agreement.key == item["key"]))
        title = str(item.get("title") or "")
        if existing is None:
            rows.append(PlannedChange(item["key"], title, "create"))
        else:
            current = record_of(AgreementForm.declaration(), existing)
            rows.append(PlannedChange(item["key"], title, "update", field_changes(current, item)))
    return rows


def field_changes(current: dict, incoming: dict) -> list[FieldChange]:
    """Each field whose value differs; a field missing from the import is cleared by it."""
    changes = []
    for spec in AgreementForm.declaration().interchange:
        name = spec.name
        before, after = current.get(name), incoming.get(name)
        if spec.role == DERIVED or _same(before, after):
            continue
        key = _item_key(spec)
        if key:
            changes.append(_keyed_change(name, key, before or [], after or []))
        elif spec.kind == RECORDS:
            changes.append(FieldChange(name, _count(before, name), _count(after, name)))
        else:
            changes.append(FieldChange(name, _shown(before), _shown(after)))
    return changes


def _item_key(spec: FieldSpec) -> str | None:
    """The field naming each nested record, for records that have one (a milestone's key)."""
    natural = getattr(spec.nested.model, "NATURAL_KEY", None) if spec.kind == RECORDS else None
    return natural.split(".")[0] if natural else None


def _keyed_change(name: str, key: str, before: list, after: list) -> FieldChange:
    old = {item.get(key): item for item in before if isinstance(item, dict)}
    new = {item.get(key): item for item in after if isinstance(item, dict)}
    parts = []
    for label, keys in (
        ("added", [k for k in new if k not in old]),
        ("removed", [k for k in old if k not in new]),
        ("changed", [k for k in new if k in old and not _same(old[k], new[k])]),
    ):
        if keys:
            parts.append(f"{len(keys)} {label} ({', '.join(str(k) for k in keys)})")
    return FieldChange(name, _count(before, name), f"{_count(after, name)}: " + "; ".join(parts))


def _count(items, name: str) -> str:
    return f"{len(items or [])} {name}" if items else "none"


def _shown(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _same(a, b) -> bool:
    return _normal(a) == _normal(b)


def _normal(value):
    """Equal meaning, equal value: blanks are absent, numbers are numbers, lists of text sets."""
    if value in (None, "", []):
        return None
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if _normal(v) is not None}
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return sorted(value)
        return [_normal(item) for item in value]
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return Decimal(str(value)).normalize()
        except InvalidOperation:
            return value
    return value
