"""CSV cells that are safe to open in a spreadsheet (no formula injection).

Used by every CSV *download* from the web pages. The data files that
``tracker export --csv`` writes are not passed through it: they must hold
exactly what is stored, so that they import back unchanged (see the
codebook, "CSV files").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

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


def safe_csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The header, then every row with safe cells, a line at a time, so a long file streams."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def taken() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(header)
    yield taken()
    for row in rows:
        writer.writerow([cell(value) for value in row])
        yield taken()
