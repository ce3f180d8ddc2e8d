"""The audit log as CSV: one row per changed field, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tracker.audit.present import as_utc
from tracker.csv_safe import safe_csv_lines
from tracker.models import AuditEntry

HEADER = [
    "at",
    "actor",
    "action",
    "record_type",
    "record_id",
    "record_label",
    "agreement_id",
    "field",
    "old",
    "new",
]


def entry_rows(entry: AuditEntry) -> Iterator[list]:
    head = [
        as_utc(entry.at).isoformat(),
        entry.actor,
        entry.action,
        entry.record_type,
        entry.record_id,
        entry.record_label,
        entry.agreement_id,
    ]
    if not entry.changes:
        yield [*head, None, None, None]
    for field, (old, new) in entry.changes.items():
        yield [*head, field, old, new]


def csv_lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    """The header, then the rows entry by entry, so a long log streams."""
    rows = (row for entry in entries for row in entry_rows(entry))
    return safe_csv_lines(HEADER, rows)
