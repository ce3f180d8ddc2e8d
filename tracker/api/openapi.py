"""The OpenAPI 3 description of /api/v1, built from the code at request time.

Paths come from the API's views (apispec's Flask plugin reads their URL
rules; each view carries its operations, see tracker/api/docs.py). Request
and response schemas come from the interchange field specs in
tracker/interchange/shape.py and the enums of the models, so they cannot
drift from what the API accepts.
"""

from __future__ import annotations

import re

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask

from tracker.interchange import shape
from tracker.interchange.shape import AMOUNT, DERIVED_DATE, INTEGER, TEXT_LIST
from tracker.models import (
    AgreementKind,
    AgreementStatus,
    MilestoneKind,
    MilestoneStatus,
    PartyKind,
    PillarStatus,
    Reliability,
    known_parties,
)

PARTY = "party code"
ENUMS = {
    id(shape.AGREEMENT): {"kind": AgreementKind, "status": AgreementStatus, "parties": PARTY},
    id(shape.MILESTONE): {"kind": MilestoneKind, "status": MilestoneStatus},
    id(shape.PILLAR): {"status": PillarStatus},
    id(shape.SOURCE): {"reliability": Reliability},
    id(shape.SIGNATORY): {"party": PARTY},
    id(shape.COMMITMENT): {"party": PARTY},
}
WHOLE = {"type": "integer", "minimum": 1}
NULLABLE_TEXT = {"type": "string", "nullable": True}
FOCUS_AREA = {"name": {"type": "string"}, "description": {"type": "string"}}

# name: (interchange spec, fields it leaves out, fields added to it, added to what it returns)
RESOURCES = {
    "Agreement": (shape.AGREEMENT, ("pillars", "milestones", "sources"), {}, {}),
    "Milestone": (shape.MILESTONE, ("sources",), {}, {"id": WHOLE}),
    "Pillar": (shape.PILLAR, (), {"position": {"type": "integer", "minimum": 0}}, {"id": WHOLE}),
    "Source": (shape.SOURCE, (), {"attached_to": NULLABLE_TEXT}, {"id": WHOLE}),
    "Signatory": (shape.SIGNATORY, (), {}, {"id": WHOLE, "position": {"type": "integer"}}),
    "Commitment": (shape.COMMITMENT, (), {}, {"id": WHOLE, "position": {"type": "integer"}}),
}


def _enum(kind) -> dict:
    if kind == PARTY:
        return {"type": "string", "enum": list(known_parties())}
    return {"type": "string", "enum": [member.value for member in kind]}


def _property(spec: dict, name: str, kind) -> dict:
    enum = ENUMS.get(id(spec), {}).get(name)
    if isinstance(kind, list):
        return {"type": "array", "items": object_schema(kind[0])}
    if kind == TEXT_LIST:
        return {"type": "array", "items": _enum(enum) if enum else {"type": "string"}}
    if enum:
        return _enum(enum)
    if kind == INTEGER:
        return {"type": "integer", "nullable": True}
    if kind == DERIVED_DATE:
        return {"type": "string", "format": "date", "nullable": True, "readOnly": True}
    if kind == AMOUNT:
        return {"nullable": True, "anyOf": [{"type": "number"}, {"type": "string"}]}
    return NULLABLE_TEXT


def object_schema(spec: dict, left_out=(), added=None, required=True) -> dict:
    """A JSON schema of an interchange object: its fields, types, enums and required fields."""
    properties = {name: _property(spec, name, kind)
                  for name, kind in spec.items() if name not in left_out}
    schema = {"type": "object", "properties": {**properties, **(added or {})},
              "additionalProperties": False}
    needed = [name for name in shape.REQUIRED.get(id(spec), ()) if name not in left_out]
    if required and needed:
        schema["required"] = needed
    return schema


def _page(item: str) -> dict:
    link = {"type": "string", "nullable": True}
    return {"type": "object", "required": ["items", "page", "per_page", "total", "links"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
                "page": WHOLE, "per_page": WHOLE, "total": {"type": "integer", "minimum": 0},
                "links": {"type": "object", "properties": {
                    name: link for name in ("self", "next", "prev", "first", "last")}},
            }}


def _schemas() -> dict[str, dict]:
    schemas = {
        "Error": {"type": "object", "required": ["error", "message", "fields"], "properties": {
            "error": {"type": "string"}, "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {
                "type": "array", "items": {"type": "string"}}},
        }},
        "Party": {"type": "object", "properties": {
            "code": {"type": "string"}, "name": {"type": "string"},
            "kind": _enum(PartyKind)}},
        "FocusArea": {"type": "object", "properties": {"id": WHOLE, **FOCUS_AREA}},
        "FocusAreaNew": {"type": "object", "properties": FOCUS_AREA, "required": ["name"],
                         "additionalProperties": False},
    }
    for name, (spec, left_out, added, shown) in RESOURCES.items():
        readable = {**added, **shown, "version": WHOLE}
        schemas[name] = {**object_schema(spec, left_out, readable, required=False),
                         "additionalProperties": True}
        schemas[f"{name}New"] = object_schema(spec, left_out, added)
        change = object_schema(spec, left_out, {**added, **shown, "version": WHOLE}, False)
        schemas[f"{name}Change"] = {**change, "required": ["version"]}
    for name in ("Agreement", "Milestone", "Pillar", "Source", "Signatory", "Commitment",
                 "Party", "FocusArea"):
        schemas[f"{name}Page"] = _page(name)
    return schemas


def build_spec(app: Flask) -> dict:
    spec = APISpec(
        title="Defense Cooperation Tracker API", version="1", openapi_version="3.0.3",
        plugins=[FlaskPlugin()],
        info={"description": "Records in the interchange format (docs/codebook.md), "
                             "plus their version. Send `Authorization: Bearer <token>`."},
        servers=[{"url": "/"}], security=[{"bearer": []}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for name, schema in _schemas().items():
        spec.components.schema(name, schema)
    for endpoint, view in sorted(app.view_functions.items()):
        if endpoint.startswith("api.") and hasattr(view, "openapi"):
            rule = next(app.url_map.iter_rules(endpoint))
            spec.path(view=view, app=app, operations=_copy(view.openapi),
                      parameters=_path_parameters(rule.rule))
    return spec.to_dict()


def _copy(operations: dict) -> dict:
    return {method: {**op, "parameters": list(op["parameters"])}
            for method, op in operations.items()}


def _path_parameters(rule: str) -> list[dict]:
    return [
        {"name": name, "in": "path", "required": True,
         "schema": {"type": "integer", "minimum": 0} if converter == "int" else {"type": "string"}}
        for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule)
    ]
