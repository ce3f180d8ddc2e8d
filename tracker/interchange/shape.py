"""The interchange document's shape: which fields exist and their JSON types.

Only the JSON structure is checked here (types, required and unknown
fields). What the values mean is checked by the same form classes the web
pages use; ``formdata()`` turns a JSON object into their input.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from tracker.declaration import (
    AMOUNT,
    DERIVED_DATE,
    INTEGER,
    RECORDS,
    TEXT,
    TEXT_LIST,
    Declaration,
)
from tracker.focus_areas.forms import FocusAreaForm
from tracker.provisions.forms import ProvisionForm
from tracker.rates.forms import ExchangeRateForm

FORMAT = "defense-cooperation-tracker"
VERSION = 1


class Problem(NamedTuple):
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


# The lists of the envelope beside the agreements, by the form that declares their records.
VOCABULARIES = {
    "focus_areas": FocusAreaForm,
    "provisions": ProvisionForm,
    "exchange_rates": ExchangeRateForm,
}

# data_as_of says how current the exporting tracker's data was; an import reads past it.
ENVELOPE = (
    "format",
    "version",
    "focus_areas",
    "provisions",
    "exchange_rates",
    "agreements",
    "exported_at",
    "data_as_of",
)


def check_document(document) -> list[Problem]:
    """Problems with the envelope; the agreements are checked one by one after."""
    if not isinstance(document, dict):
        return [Problem("", "The document must be a JSON object.")]
    problems = []
    if document.get("format") != FORMAT:
        problems.append(Problem("format", f"must be “{FORMAT}”."))
    if document.get("version") != VERSION:
        problems.append(Problem("version", f"must be {VERSION}; this tracker reads version 1."))
    if not isinstance(document.get("agreements"), list):
        problems.append(Problem("agreements", "must be a list of agreement objects."))
    for name, form in VOCABULARIES.items():
        items = document.get(name, [])
        if not isinstance(items, list):
            problems.append(
                Problem(name, f"must be a list of {form.record_type.replace('_', ' ')} objects.")
            )
            continue
        for index, item in enumerate(items):
            problems += check_object(item, form.declaration(), f"{name}[{index}]")
    if not isinstance(document.get("exported_at", ""), str):
        problems.append(Problem("exported_at", "must be a string (an ISO 8601 timestamp)."))
    if not isinstance(document.get("data_as_of", ""), str):
        problems.append(Problem("data_as_of", "must be a string (a day, YYYY-MM-DD)."))
    for name in document:
        if name not in ENVELOPE:
            problems.append(Problem(name, "is not a field of the document."))
    return problems


def check_object(value, declaration: Declaration, path: str) -> list[Problem]:
    """Type, required and unknown-field problems of one object and its nested lists."""
    if not isinstance(value, dict):
        return [Problem(path, "must be an object.")]
    problems = []
    prefix = f"{path}." if path else ""
    for name in declaration.required:
        if value.get(name) in (None, "", []):
            problems.append(Problem(f"{prefix}{name}", "is required."))
    fields = {spec.name: spec for spec in declaration.interchange}
    for name, item in value.items():
        spec = fields.get(name)
        where = f"{prefix}{name}"
        if spec is None:
            problems.append(Problem(where, "is not a field of this object."))
        elif item is None or spec.kind == DERIVED_DATE:
            continue
        elif spec.kind == RECORDS:
            if not isinstance(item, list):
                problems.append(Problem(where, "must be a list."))
                continue
            for index, element in enumerate(item):
                problems += check_object(element, spec.nested, f"{where}[{index}]")
        else:
            message = _type_problem(spec.kind, item)
            if message:
                problems.append(Problem(where, message))
    return problems


def _type_problem(kind: str, item) -> str | None:
    if kind == TEXT and not isinstance(item, str):
        return "must be a string."
    if kind == INTEGER and (isinstance(item, bool) or not isinstance(item, int)):
        return "must be a whole number."
    if kind == AMOUNT and (
        isinstance(item, bool) or not isinstance(item, int | float | str | Decimal)
    ):
        return "must be a number."
    if kind == TEXT_LIST:
        if not isinstance(item, list) or not all(isinstance(x, str) for x in item):
            return "must be a list of strings."
        if any("," in x for x in item):
            return "an entry cannot contain a comma."
    return None
