"""The interchange document's shape: which fields exist and their JSON types.

Only the JSON structure is checked here (types, required and unknown
fields). What the values mean is checked by the same form classes the web
pages use; ``formdata()`` turns a JSON object into their input.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from werkzeug.datastructures import MultiDict

FORMAT = "defense-cooperation-tracker"
VERSION = 1


class Problem(NamedTuple):
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


TEXT, INTEGER, AMOUNT, TEXT_LIST = "text", "integer", "amount", "text list"
# Read-only: an ISO day the tracker derives on save. Exported; ignored when read back, so an
# export imports unchanged and an API client may send back what it read.
DERIVED_DATE = "derived date"

SIGNATORY = {"name": TEXT, "role": TEXT, "party": TEXT}
COMMITMENT = {
    "party": TEXT, "description": TEXT, "amount": AMOUNT, "currency": TEXT, "period": TEXT,
}
SOURCE = {
    "url": TEXT, "title": TEXT, "publisher": TEXT, "published_on": TEXT, "reliability": TEXT,
}
PILLAR = {"focus_area": TEXT, "objective": TEXT, "strategic_intent": TEXT, "status": TEXT}
MILESTONE = {
    "key": TEXT, "title": TEXT, "kind": TEXT, "pillar": TEXT, "status": TEXT, "due": TEXT,
    "due_as_stated": TEXT, "completed_on": TEXT, "completed_on_as_stated": TEXT,
    "depends_on": TEXT_LIST, "description": TEXT, "sources": [SOURCE],
}
FOCUS_AREA = {"name": TEXT, "description": TEXT}
AGREEMENT = {
    "key": TEXT, "title": TEXT, "kind": TEXT, "status": TEXT, "parties": TEXT_LIST,
    "signed_on": TEXT, "signed_on_as_stated": TEXT, "signed_at": TEXT, "in_force_on": TEXT,
    "in_force_on_as_stated": TEXT, "ends_on": TEXT, "ends_on_as_stated": TEXT,
    "duration_years": INTEGER, "end_earliest": DERIVED_DATE, "end_latest": DERIVED_DATE,
    "end_estimate": DERIVED_DATE, "summary": TEXT, "last_verified_on": TEXT,
    "signatories": [SIGNATORY],
    "commitments": [COMMITMENT], "sources": [SOURCE], "tags": TEXT_LIST,
    "pillars": [PILLAR], "milestones": [MILESTONE],
}
REQUIRED = {
    id(AGREEMENT): ("key", "title", "kind", "status", "parties"),
    id(SIGNATORY): ("name", "party"),
    id(COMMITMENT): ("party", "description"),
    id(PILLAR): ("focus_area",),
    id(MILESTONE): ("key", "title", "kind"),
    id(SOURCE): (),
    id(FOCUS_AREA): ("name",),
}


# data_as_of says how current the exporting tracker's data was; an import reads past it.
ENVELOPE = ("format", "version", "focus_areas", "agreements", "exported_at", "data_as_of")


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
    areas = document.get("focus_areas", [])
    if not isinstance(areas, list):
        problems.append(Problem("focus_areas", "must be a list of focus area objects."))
    else:
        for index, area in enumerate(areas):
            problems += check_object(area, FOCUS_AREA, f"focus_areas[{index}]")
    if not isinstance(document.get("exported_at", ""), str):
        problems.append(Problem("exported_at", "must be a string (an ISO 8601 timestamp)."))
    if not isinstance(document.get("data_as_of", ""), str):
        problems.append(Problem("data_as_of", "must be a string (a day, YYYY-MM-DD)."))
    for name in document:
        if name not in ENVELOPE:
            problems.append(Problem(name, "is not a field of the document."))
    return problems


def check_object(value, spec: dict, path: str) -> list[Problem]:
    """Type, required and unknown-field problems of one object and its nested lists."""
    if not isinstance(value, dict):
        return [Problem(path, "must be an object.")]
    problems = []
    prefix = f"{path}." if path else ""
    for name in REQUIRED.get(id(spec), ()):
        if value.get(name) in (None, "", []):
            problems.append(Problem(f"{prefix}{name}", "is required."))
    for name, item in value.items():
        kind = spec.get(name)
        where = f"{prefix}{name}"
        if kind is None:
            problems.append(Problem(where, "is not a field of this object."))
        elif item is None or kind == DERIVED_DATE:
            continue
        elif isinstance(kind, list):
            if not isinstance(item, list):
                problems.append(Problem(where, "must be a list."))
                continue
            for index, element in enumerate(item):
                problems += check_object(element, kind[0], f"{where}[{index}]")
        else:
            message = _type_problem(kind, item)
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


def formdata(value: dict, spec: dict, prefix: str = "") -> MultiDict:
    """The object as the form input a browser would have posted for it."""
    data = MultiDict()
    for name, kind in spec.items():
        item = value.get(name)
        if item is None or kind == DERIVED_DATE:
            continue
        key = f"{prefix}{name}"
        if isinstance(kind, list):
            if kind[0] in (SIGNATORY, COMMITMENT):
                for index, element in enumerate(item):
                    data.update(formdata(element, kind[0], f"{key}-{index}-"))
        elif kind == TEXT_LIST:
            if name == "tags":
                data.add(key, ", ".join(item))
            else:
                for element in item:
                    data.add(key, element)
        else:
            data.add(key, str(item))
    return data
