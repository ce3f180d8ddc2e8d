"""The interchange document as a set of CSV files, one row per record.

Columns carry the codebook's field names and values; rows are joined by
``agreement_key`` and ``milestone_key``. Lists (parties, tags, depends_on)
are ``;``-separated, which no code, key or tag may contain. Every date
column is followed by its ``_earliest`` and ``_latest`` day and its
``_estimate`` (the day to sort and count by), so the files can be read by
pandas or a spreadsheet without an EDTF parser; those three columns are
derived and ignored on import.

These functions write values exactly as stored: they make data files that
import back unchanged. Web downloads pass the same rows through
``tracker.csv_safe`` instead.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tracker.dates import ApproximateDate
from tracker.interchange.shape import AGREEMENT, DERIVED_DATE
from tracker.models import known_parties

AGREEMENT_COLUMNS = [
    "key", "title", "kind", "status", "parties", "signed_on", "signed_on_as_stated",
    "signed_at", "in_force_on", "in_force_on_as_stated", "ends_on", "ends_on_as_stated",
    "duration_years", "end_earliest", "end_latest", "end_estimate", "summary",
    "last_verified_on", "tags",
]
# Each file's own columns, before the date bounds are added.
COLUMNS = {
    "agreements.csv": AGREEMENT_COLUMNS,
    "parties.csv": ["code", "name", "kind"],
    "about.csv": ["data_as_of"],
    "signatories.csv": ["agreement_key", "name", "role", "party"],
    "commitments.csv": ["agreement_key", "party", "description", "amount", "currency", "period"],
    "pillars.csv": ["agreement_key", "focus_area", "objective", "strategic_intent", "status"],
    "milestones.csv": [
        "agreement_key", "milestone_key", "title", "kind", "pillar", "status", "due",
        "due_as_stated", "completed_on", "completed_on_as_stated", "depends_on", "description",
    ],
    "sources.csv": [
        "agreement_key", "milestone_key", "url", "title", "publisher", "published_on",
        "reliability",
    ],
}
# Read-only columns the tracker derives (the agreement's end): written, never read back.
DERIVED_COLUMNS = {name for name, kind in AGREEMENT.items() if kind == DERIVED_DATE}
ABOUT_FILE = "about.csv"  # the set's own facts, like the JSON envelope's data_as_of
DATE_COLUMNS = {"signed_on", "in_force_on", "ends_on", "period", "published_on", "due",
                "completed_on"}
LIST_COLUMNS = {"parties", "tags", "depends_on"}
LIST_SEPARATOR = ";"
BOUNDS = ("_earliest", "_latest", "_estimate")


def header(file: str) -> list[str]:
    """The file's columns, each date column followed by its derived window and estimate."""
    names = []
    for name in COLUMNS[file]:
        names.append(name)
        if name in DATE_COLUMNS:
            names += [name + suffix for suffix in BOUNDS]
    return names


def row_values(file: str, record: dict) -> list:
    """One record as the file's row; None where a field is not set."""
    values = []
    for name in COLUMNS[file]:
        value = record.get(name)
        if name in LIST_COLUMNS:
            value = LIST_SEPARATOR.join(value) if value else None
        values.append(value)
        if name in DATE_COLUMNS:
            date = ApproximateDate.parse(value) if value else None
            values += [_iso(date.earliest), _iso(date.latest), _iso(date.estimate)] if date \
                else [None] * len(BOUNDS)
    return values


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def document_rows(document: dict) -> dict[str, list[list]]:
    """Every file's rows for an exported document, in the document's order."""
    rows: dict[str, list[list]] = {file: [] for file in COLUMNS}
    codes = set()
    for agreement in document["agreements"]:
        key = agreement["key"]
        codes.update(agreement["parties"])
        rows["agreements.csv"].append(row_values("agreements.csv", agreement))
        for file, name in (("signatories.csv", "signatories"),
                           ("commitments.csv", "commitments"),
                           ("pillars.csv", "pillars"), ("sources.csv", "sources")):
            for item in agreement.get(name) or []:
                rows[file].append(row_values(file, {"agreement_key": key, **item}))
        for milestone in agreement.get("milestones") or []:
            joined = {"agreement_key": key, "milestone_key": milestone["key"]}
            rows["milestones.csv"].append(row_values("milestones.csv", {**joined, **milestone}))
            for source in milestone.get("sources") or []:
                rows["sources.csv"].append(row_values("sources.csv", {**joined, **source}))
    rows["parties.csv"] = [party_row(code) for code in sorted(codes)]
    if document.get("data_as_of"):  # how current the data is; an import reads past it
        rows[ABOUT_FILE] = [[document["data_as_of"]]]
    else:
        del rows[ABOUT_FILE]
    return rows


def party_row(code: str) -> list:
    party = known_parties()[code]
    return [party.code, party.name, party.kind.value]


def raw_text(value) -> str:
    """A cell exactly as stored: nothing added, so an import reads back the same value."""
    return "" if value is None else str(value)


def write_csv_set(document: dict, directory: Path) -> list[Path]:
    """Write every file of the set into ``directory`` (made if missing); return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file, rows in document_rows(document).items():
        path = directory / file
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header(file))
            writer.writerows([raw_text(value) for value in row] for row in rows)
        written.append(path)
    return written

