"""The OpenAPI description: served, generated from the interchange specs, and true to the API."""

from __future__ import annotations

import tempfile
from pathlib import Path

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase, given
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tracker.agreements.forms import AgreementForm
from tracker.models import AgreementKind

# Hypothesis keeps caches (and would keep its example database) in ./.hypothesis: not in the repo.
hypothesis.configuration.set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "tracker-hypothesis")

SPEC = "/api/v1/openapi.json"
KEY = "nor-ukr-test"
METHODS = {"get", "post", "patch", "delete"}


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_spec_is_served_as_openapi_3_and_every_reference_resolves(api_as):
    spec = api_as("viewer").get(SPEC).json

    assert spec["openapi"].startswith("3.")
    assert "/api/v1/agreements/{key}" in spec["paths"]
    for path, item in spec["paths"].items():
        assert set(item) - {"parameters"} <= METHODS, path
        for operation in (item[m] for m in METHODS if m in item):
            assert operation["responses"], path
    names = {f"#/components/schemas/{name}" for name in spec["components"]["schemas"]}
    assert set(_refs(spec)) <= names


def test_the_spec_needs_a_token_like_the_rest_of_the_api(anonymous):
    assert anonymous.get(SPEC).status_code == 401


def test_request_schemas_come_from_the_interchange_fields_and_model_enums(api_as):
    schemas = api_as("viewer").get(SPEC).json["components"]["schemas"]

    agreement = schemas["AgreementNew"]
    declaration = AgreementForm.declaration()
    assert set(agreement["properties"]) == set(declaration.names()) - {
        "pillars",
        "milestones",
        "sources",
    }
    assert agreement["required"] == ["key", "title", "kind", "status", "parties"]
    assert agreement["properties"]["kind"]["enum"] == [kind.value for kind in AgreementKind]
    assert schemas["AgreementChange"]["required"] == ["version"]


def test_a_required_field_is_not_nullable_because_the_api_refuses_null(api_as):
    client = api_as("analyst")
    schemas = client.get(SPEC).json["components"]["schemas"]
    body = {
        "key": "null-title",
        "title": None,
        "kind": "treaty",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        "summary": None,
    }

    response = client.post("/api/v1/agreements", json=body)

    assert "nullable" not in schemas["AgreementNew"]["properties"]["title"]
    assert schemas["AgreementNew"]["properties"]["summary"]["nullable"] is True
    assert "nullable" not in schemas["FocusAreaNew"]["properties"]["name"]
    assert response.status_code == 422
    assert response.json["fields"] == {"title": ["is required."]}


def test_schemathesis_loads_every_operation(app, api_as):
    client = api_as("viewer")
    auth = {"Authorization": f"Bearer {client.token}"}
    schema = schemathesis.openapi.from_wsgi(SPEC, app, headers=auth)

    operations = [result.ok() for result in schema.get_all_operations()]

    assert len(operations) >= 30


def test_generated_requests_get_no_server_error_and_keep_to_the_spec(app, api_as, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    client = api_as("analyst")
    # The in-process client does not decompress what Flask-Compress would send it.
    auth = {"Authorization": f"Bearer {client.token}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi(SPEC, app, headers=auth)
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    known = {"key": KEY, "milestone_key": "first-drones", "pillar": "Drone Production"}
    settings = hypothesis.settings(
        max_examples=8,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )

    for result in schema.get_all_operations():
        operation = result.ok()
        names = {parameter.name for parameter in operation.path_parameters}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(
                mode, path_parameters={k: v for k, v in known.items() if k in names} or None
            )

            @settings
            @given(case=strategy)
            def call(case):
                case.call_and_validate(headers=auth, checks=checks)

            call()
