"""The OpenAPI 3 description of /api/v1, built from the code at request time.

Paths come from the API's views (apispec's Flask plugin reads their URL
rules; each view carries its operations, see tracker/api/docs.py). Request
and response schemas come from the interchange field specs in
record types' declarations (tracker/declaration), so they cannot drift
from what the API accepts.
"""

from __future__ import annotations

import re

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask

from tracker.agreements.forms import AgreementForm
from tracker.api.body import resource_fields
from tracker.api.docs import schema_name
from tracker.declaration import (
    AMOUNT,
    DERIVED_DATE,
    INTEGER,
    RECORDS,
    TEXT_LIST,
    Declaration,
    FieldSpec,
)
from tracker.focus_areas.forms import FocusAreaForm
from tracker.milestones.forms import MilestoneForm
from tracker.models import PartyKind
from tracker.pillars.forms import PillarForm
from tracker.sources.forms import SourceForm

WHOLE = {"type": "integer", "minimum": 1}
NULLABLE_TEXT = {"type": "string", "nullable": True}

# name: (record type's form, fields the API adds to it, added to what it returns)
ROWS = {
    schema_name(spec.nested.record_type): spec.nested
    for spec in AgreementForm.declaration().fields
    if spec.role == "rows"
}
RESOURCES = {
    "Agreement": (AgreementForm, {}, {}),
    "Milestone": (MilestoneForm, {}, {"id": WHOLE}),
    "Pillar": (PillarForm, {"position": {"type": "integer", "minimum": 0}}, {"id": WHOLE}),
    "Source": (SourceForm, {"attached_to": NULLABLE_TEXT}, {"id": WHOLE}),
}


def _enum(values: list[str]) -> dict:
    return {"type": "string", "enum": values}


def _property(spec: FieldSpec) -> dict:
    vocabulary = spec.vocabulary()
    if spec.kind == RECORDS:
        return {"type": "array", "items": object_schema(spec.nested)}
    if spec.kind == TEXT_LIST:
        return {"type": "array", "items": _enum(vocabulary) if vocabulary else {"type": "string"}}
    if vocabulary:
        return _enum(vocabulary)
    if spec.kind == INTEGER:
        return {"type": "integer", "nullable": True}
    if spec.kind == DERIVED_DATE:
        return {"type": "string", "format": "date", "nullable": True, "readOnly": True}
    if spec.kind == AMOUNT:
        return {"nullable": True, "anyOf": [{"type": "number"}, {"type": "string"}]}
    # A required field refuses null ("is required"); an optional one takes it as "not set".
    return {"type": "string"} if spec.required else NULLABLE_TEXT


def object_schema(declaration: Declaration, fields=None, added=None, required=True) -> dict:
    """A JSON schema of an interchange object: its fields, types, enums and required fields."""
    fields = declaration.interchange if fields is None else fields
    properties = {spec.name: _property(spec) for spec in fields}
    schema = {
        "type": "object",
        "properties": {**properties, **(added or {})},
        "additionalProperties": False,
    }
    needed = [spec.name for spec in fields if spec.required]
    if required and needed:
        schema["required"] = needed
    return schema


def _page(item: str) -> dict:
    link = {"type": "string", "nullable": True}
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "links"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
            "page": WHOLE,
            "per_page": WHOLE,
            "total": {"type": "integer", "minimum": 0},
            "links": {
                "type": "object",
                "properties": {name: link for name in ("self", "next", "prev", "first", "last")},
            },
        },
    }


def _schemas() -> dict[str, dict]:
    schemas = {
        "Error": {
            "type": "object",
            "required": ["error", "message", "fields"],
            "properties": {
                "error": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "Party": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "name": {"type": "string"},
                "kind": _enum([kind.value for kind in PartyKind]),
            },
        },
    }
    focus_area = FocusAreaForm.declaration()
    schemas["FocusArea"] = {
        "type": "object",
        "properties": {"id": WHOLE, **object_schema(focus_area)["properties"]},
    }
    schemas["FocusAreaNew"] = object_schema(focus_area)
    resources = {
        name: (form.declaration(), added, shown) for name, (form, added, shown) in RESOURCES.items()
    }
    rows = {"id": WHOLE, "position": {"type": "integer"}}
    resources.update({name: (declaration, {}, rows) for name, declaration in ROWS.items()})
    for name, (declaration, added, shown) in resources.items():
        fields = resource_fields(declaration)
        readable = {**added, **shown, "version": WHOLE}
        schemas[name] = {
            **object_schema(declaration, fields, readable, required=False),
            "additionalProperties": True,
        }
        schemas[f"{name}New"] = object_schema(declaration, fields, added)
        change = object_schema(declaration, fields, {**added, **shown, "version": WHOLE}, False)
        schemas[f"{name}Change"] = {**change, "required": ["version"]}
    for name in (*RESOURCES, *ROWS, "Party", "FocusArea"):
        schemas[f"{name}Page"] = _page(name)
    return schemas


def build_spec(app: Flask) -> dict:
    spec = APISpec(
        title="Defense Cooperation Tracker API",
        version="1",
        openapi_version="3.0.3",
        plugins=[FlaskPlugin()],
        info={
            "description": "Records in the interchange format (docs/codebook.md), "
            "plus their version. Send `Authorization: Bearer <token>`."
        },
        servers=[{"url": "/"}],
        security=[{"bearer": []}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for name, schema in _schemas().items():
        spec.components.schema(name, schema)
    for endpoint, view in sorted(app.view_functions.items()):
        if endpoint.startswith("api.") and hasattr(view, "openapi"):
            rule = next(app.url_map.iter_rules(endpoint))
            spec.path(
                view=view,
                app=app,
                operations=_copy(view.openapi),
                parameters=_path_parameters(rule.rule),
            )
    return spec.to_dict()


def _copy(operations: dict) -> dict:
    return {
        method: {**op, "parameters": list(op["parameters"])} for method, op in operations.items()
    }


def _path_parameters(rule: str) -> list[dict]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 0}
            if converter == "int"
            else {"type": "string"},
        }
        for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule)
    ]
