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

from tracker.agreements.forms import AgreementForm
from tracker.dates import ApproximateDate
from tracker.declaration import DERIVED, INTEGER, RECORDS, TEXT_LIST, Declaration, FieldSpec
from tracker.fields import ApproximateDateField
from tracker.models import known_parties

PARTIES_FILE = "parties.csv"  # the parties the agreements name, from the known parties
ABOUT_FILE = "about.csv"  # the set's own facts, like the JSON envelope's data_as_of
LIST_SEPARATOR = ";"
BOUNDS = ("_earliest", "_latest", "_estimate")


def file_of(declaration: Declaration | FieldSpec) -> str:
    """agreements.csv, and one file per kind of nested record: milestones.csv …"""
    name = declaration.name if isinstance(declaration, FieldSpec) else "agreements"
    return f"{name}.csv"


def key_column(declaration: Declaration) -> str:
    """The column that joins a record's nested rows to it: agreement_key, milestone_key."""
    return f"{declaration.record_type}_key"


def nested_records(declaration: Declaration) -> list[FieldSpec]:
    return [spec for spec in declaration.interchange if spec.kind == RECORDS]


def _columns() -> dict[str, list[str]]:
    """Each file's columns: a nested record's rows name their agreement's key; a kind that
    holds records of its own (milestones) is named by its key column, and the kinds held
    (sources, of milestones or of the agreement) carry that column too."""
    agreement = AgreementForm.declaration()
    join = key_column(agreement)
    files = {
        file_of(agreement): agreement.names(agreement.own),
        PARTIES_FILE: ["code", "name", "kind"],
        ABOUT_FILE: ["data_as_of"],
    }
    inner = {
        part.name: key_column(spec.nested)
        for spec in nested_records(agreement)
        for part in nested_records(spec.nested)
    }
    for spec in nested_records(agreement):
        nested = spec.nested
        own = nested.names(nested.own)
        if nested_records(nested):
            natural = nested.model.NATURAL_KEY
            files[file_of(spec)] = [join, key_column(nested), *(n for n in own if n != natural)]
        elif spec.name in inner:
            files[file_of(spec)] = [join, inner[spec.name], *own]
        else:
            files[file_of(spec)] = [join, *own]
    return files


def _declared_columns() -> list[FieldSpec]:
    agreement = AgreementForm.declaration()
    return [
        *agreement.own,
        *(column for spec in nested_records(agreement) for column in spec.nested.own),
    ]


# Each file's own columns, before the date bounds are added.
COLUMNS = _columns()
# Read-only columns the tracker derives (the agreement's end): written, never read back.
DERIVED_COLUMNS = {spec.name for spec in _declared_columns() if spec.role == DERIVED}
DATE_COLUMNS = {
    spec.name
    for spec in _declared_columns()
    if spec.field_class and issubclass(spec.field_class, ApproximateDateField)
}
LIST_COLUMNS = {spec.name for spec in _declared_columns() if spec.kind == TEXT_LIST}
WHOLE_NUMBER_COLUMNS = {spec.name for spec in _declared_columns() if spec.kind == INTEGER}


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
            values += (
                [_iso(date.earliest), _iso(date.latest), _iso(date.estimate)]
                if date
                else [None] * len(BOUNDS)
            )
    return values


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def document_rows(document: dict) -> dict[str, list[list]]:
    """Every file's rows for an exported document, in the document's order."""
    rows: dict[str, list[list]] = {file: [] for file in COLUMNS}
    agreement_declaration = AgreementForm.declaration()
    join = key_column(agreement_declaration)
    codes = set()
    for agreement in document["agreements"]:
        key = agreement["key"]
        codes.update(agreement["parties"])
        rows[file_of(agreement_declaration)].append(
            row_values(file_of(agreement_declaration), agreement)
        )
        for spec in nested_records(agreement_declaration):
            natural = spec.nested.model.NATURAL_KEY if nested_records(spec.nested) else None
            for item in agreement.get(spec.name) or []:
                joined = {join: key}
                if natural:
                    joined[key_column(spec.nested)] = item[natural]
                rows[file_of(spec)].append(row_values(file_of(spec), {**joined, **item}))
                for inner in nested_records(spec.nested):
                    for element in item.get(inner.name) or []:
                        rows[file_of(inner)].append(
                            row_values(file_of(inner), {**joined, **element})
                        )
    rows[PARTIES_FILE] = [party_row(code) for code in sorted(codes)]
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
