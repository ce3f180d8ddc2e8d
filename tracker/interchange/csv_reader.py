"""Import a CSV set: turn the files into one interchange document, then import that.

The CSV files only change the packaging. The document they make goes
through ``plan_import`` like any JSON file, so there is one rule set; its
problems are then pointed back at the file, row and column where the value
was typed (``milestones.csv row 4: due: …``). Rows are counted as a
spreadsheet counts them: the header is row 1.

Cells are read exactly as written. Nothing is stripped or unquoted: the
CSV export adds nothing to a value, so there is nothing to take off.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from tracker.agreements.forms import AgreementForm
from tracker.interchange.csv_tables import (
    ABOUT_FILE,
    BOUNDS,
    COLUMNS,
    DATE_COLUMNS,
    DERIVED_COLUMNS,
    LIST_COLUMNS,
    LIST_SEPARATOR,
    WHOLE_NUMBER_COLUMNS,
    file_of,
    nested_records,
)
from tracker.interchange.importer import ImportFailed, PlannedAgreement, plan_import
from tracker.interchange.shape import FORMAT, VERSION, Problem
from tracker.json_input import text_problem

# parties.csv is derived from the codes, about.csv tells the set's data cut-off: neither is read.
DATA_FILES = [file for file in COLUMNS if file not in ("parties.csv", ABOUT_FILE)]
# Files added after CSV sets were first written: a set without one has none of its rows.
OPTIONAL_FILES = {"links.csv", "provisions.csv"}
# Files of records nested in an agreement only (signatories, commitments, pillars); milestones
# and sources, which nest in milestones too, are joined below.
NESTED = {
    file_of(spec): spec.name
    for spec in nested_records(AgreementForm.declaration())
    if spec.name not in ("milestones", "sources")
}
# "agreements[3] (key k): milestones[1].sources[0].url", as plan_import words a path.
AGREEMENT_PATH = re.compile(r"^agreements\[(\d+)\](?: \(key [^)]*\))?(?:: (.*))?$")
ITEM_PATH = re.compile(r"^(\w+)\[(\d+)\](?:\.sources\[(\d+)\])?(?:\.(\w+))?")


class Where:
    """Which file and row each part of the built document came from."""

    def __init__(self):
        self.rows: dict[tuple, tuple[str, int]] = {}

    def place(self, problem: Problem) -> Problem:
        """The problem with its path as file, row and column, when it can be placed."""
        match = AGREEMENT_PATH.match(problem.path)
        if not match:
            return problem
        index, inner = int(match.group(1)), match.group(2) or ""
        item = ITEM_PATH.match(inner)
        if item:
            name, position, source, column = item.groups()
            part = (index, name, int(position)) + ((int(source),) if source else ())
            if name == "milestones" and not source and column == "key":
                column = "milestone_key"
        else:
            part, column = (index,), inner or None
        if part not in self.rows:
            return problem
        file, row = self.rows[part]
        return Problem(f"{file} row {row}" + (f": {column}" if column else ""), problem.message)


def plan_csv_import(directory: str | Path) -> list[PlannedAgreement]:
    """Validate a CSV set like a document; every problem names its file, row and column."""
    document, where = read_csv_set(Path(directory))
    try:
        return plan_import(document)
    except ImportFailed as failure:
        raise ImportFailed([where.place(problem) for problem in failure.problems]) from None


def read_csv_set(directory: Path) -> tuple[dict, Where]:
    """The files as one document; raise ImportFailed on what only CSV can get wrong."""
    problems: list[Problem] = []
    tables = {}
    for file in DATA_FILES:
        tables[file] = _read_table(directory / file, problems)
    if problems:
        raise ImportFailed(problems)
    document, where = _assemble(tables, problems)
    if problems:
        raise ImportFailed(problems)
    return document, where


def _read_table(path: Path, problems: list[Problem]) -> list[tuple[int, dict]]:
    """(row number, {column: cell}) for every row; empty cells are left out."""
    file = path.name
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        if file not in OPTIONAL_FILES:
            required = [name for name in DATA_FILES if name not in OPTIONAL_FILES]
            problems.append(Problem(file, "is missing; a CSV set has " + ", ".join(required) + "."))
        return []
    except OSError as error:
        problems.append(Problem(file, f"cannot be read: {error}"))
        return []
    content = content.removeprefix(codecs.BOM_UTF8)  # as a spreadsheet may write it
    try:
        lines = _rows(content.decode("utf-8"))
    except UnicodeDecodeError as error:
        problems.append(
            Problem(f"{file} row {_row_at(content, error.start)}", f"is not UTF-8 text: {error}")
        )
        return []
    except csv.Error as error:
        problems.append(Problem(file, f"cannot be read: {error}"))
        return []
    if not lines:
        problems.append(Problem(file, "is empty; it needs at least its header row."))
        return []
    unstorable = _unstorable_cells(file, lines)
    if unstorable:
        problems += unstorable
        return []
    names, rows = lines[0], []
    problems += _header_problems(file, names)
    for number, cells in enumerate(lines[1:], start=2):
        if not cells:  # a blank line, as some editors leave at the end
            continue
        if len(cells) != len(names):
            problems.append(
                Problem(
                    f"{file} row {number}", f"has {len(cells)} cells; the header has {len(names)}."
                )
            )
            continue
        rows.append(
            (
                number,
                {
                    n: c
                    for n, c in zip(names, cells, strict=True)
                    if c != "" and n in COLUMNS[file] and n not in DERIVED_COLUMNS
                },
            )
        )
    return rows


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _row_at(content: bytes, position: int) -> int:
    """The row holding byte ``position``: the rows that begin before it, counting its own."""
    before = content[:position].decode("utf-8")
    return len(_rows(before + "x"))  # the "x" stands in for the byte: it opens a row or joins one


def _unstorable_cells(file: str, lines: list[list[str]]) -> list[Problem]:
    """A problem for each cell holding what no text column stores (tracker.json_input)."""
    names = lines[0]
    header = [Problem(f"{file} row 1", message) for message in map(text_problem, names) if message]
    if header:
        return header
    problems = []
    for number, cells in enumerate(lines[1:], start=2):
        for column, cell in zip(names, cells, strict=False):
            message = text_problem(cell)
            if message:
                problems.append(Problem(f"{file} row {number}: {column}", message))
    return problems


def _header_problems(file: str, names: list[str]) -> list[Problem]:
    known = COLUMNS[file]
    derived = {name + suffix for name in known if name in DATE_COLUMNS for suffix in BOUNDS}
    problems = [
        Problem(f"{file} row 1: {name}", f"is not a column of {file}.")
        for name in names
        if name not in known and name not in derived
    ]
    problems += [
        Problem(f"{file} row 1", f"has no “{name}” column.")
        for name in known
        if name not in names and name not in DERIVED_COLUMNS
    ]
    problems += [
        Problem(f"{file} row 1: {name}", "appears twice.")
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    return problems


def _assemble(tables: dict, problems: list[Problem]) -> tuple[dict, Where]:
    where = Where()
    agreements, index_of = [], {}
    for number, cells in tables["agreements.csv"]:
        agreement = _fields(cells, "agreements.csv", number, problems)
        key = agreement.get("key")
        if key in index_of:
            first = where.rows[(index_of[key],)][1]
            problems.append(
                Problem(f"agreements.csv row {number}: key", f"is used already by row {first}.")
            )
            continue
        if key is not None:
            index_of[key] = len(agreements)
        where.rows[(len(agreements),)] = ("agreements.csv", number)
        agreements.append(agreement)

    def owner(file: str, number: int, cells: dict) -> int | None:
        key = cells.pop("agreement_key", None)
        if key is None:
            problems.append(Problem(f"{file} row {number}: agreement_key", "is required."))
        elif key not in index_of:
            problems.append(
                Problem(
                    f"{file} row {number}: agreement_key",
                    f"no agreement “{key}” in agreements.csv.",
                )
            )
        else:
            return index_of[key]
        return None

    for file, name in NESTED.items():
        for number, cells in tables[file]:
            index = owner(file, number, cells)
            if index is not None:
                _append(
                    agreements,
                    where,
                    (index, name),
                    _fields(cells, file, number, problems),
                    file,
                    number,
                )

    milestone_at = {}
    for number, cells in tables["milestones.csv"]:
        index = owner("milestones.csv", number, cells)
        if index is None:
            continue
        cells["key"] = cells.pop("milestone_key", None)
        position = _append(
            agreements,
            where,
            (index, "milestones"),
            _fields(cells, "milestones.csv", number, problems),
            "milestones.csv",
            number,
        )
        milestone_at.setdefault((index, cells["key"]), position)

    for number, cells in tables["sources.csv"]:
        index = owner("sources.csv", number, cells)
        if index is None:
            continue
        milestone_key = cells.pop("milestone_key", None)
        source = _fields(cells, "sources.csv", number, problems)
        if milestone_key is None:
            _append(agreements, where, (index, "sources"), source, "sources.csv", number)
        elif (index, milestone_key) not in milestone_at:
            key = agreements[index]["key"]
            problems.append(
                Problem(
                    f"sources.csv row {number}: milestone_key",
                    f"no milestone “{milestone_key}” of “{key}” in milestones.csv.",
                )
            )
        else:
            position = milestone_at[(index, milestone_key)]
            milestone = agreements[index]["milestones"][position]
            sources = milestone.setdefault("sources", [])
            where.rows[(index, "milestones", position, len(sources))] = ("sources.csv", number)
            sources.append(source)
    return {"format": FORMAT, "version": VERSION, "agreements": agreements}, where


def _append(agreements, where, part, item, file, number) -> int:
    index, name = part
    items = agreements[index].setdefault(name, [])
    where.rows[(index, name, len(items))] = (file, number)
    items.append(item)
    return len(items) - 1


def _fields(cells: dict, file: str, number: int, problems: list[Problem]) -> dict:
    """A row's cells as interchange fields: lists split, whole numbers parsed."""
    fields = {}
    for name, text in cells.items():
        if name in LIST_COLUMNS:
            fields[name] = text.split(LIST_SEPARATOR)
        elif name in WHOLE_NUMBER_COLUMNS:
            if not re.fullmatch(r"[0-9]+", text):
                problems.append(
                    Problem(f"{file} row {number}: {name}", f"“{text}” is not a whole number.")
                )
                continue
            fields[name] = int(text)
        else:
            fields[name] = text
    return fields
