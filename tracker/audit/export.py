"""The audit log as CSV: one row per changed field, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from tracker.audit.present import as_utc
from tracker.models import AuditEntry

HEADER = ["at", "actor", "action", "record_type", "record_id", "record_label", "agreement_id",
          "field", "old", "new"]
# A spreadsheet runs a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """Text as it is, other values as JSON; a would-be formula is quoted into text."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def entry_rows(entry: AuditEntry) -> Iterator[list]:
    head = [as_utc(entry.at).isoformat(), entry.actor, entry.action, entry.record_type,
            entry.record_id, entry.record_label, entry.agreement_id]
    if not entry.changes:
        yield [*head, None, None, None]
    for field, (old, new) in entry.changes.items():
        yield [*head, field, old, new]


def csv_lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    """The header, then the rows entry by entry, so a long log streams."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def taken() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(HEADER)
    yield taken()
    for entry in entries:
        for row in entry_rows(entry):
            writer.writerow([cell(value) for value in row])
        yield taken()
