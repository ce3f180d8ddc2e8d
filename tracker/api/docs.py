"""How a view describes itself in the OpenAPI spec: @operation("get", "...", returns="Agreement").

The schemas it names are generated from the interchange field specs
(tracker/api/openapi.py); nothing here is hand-written JSON.
"""

from __future__ import annotations

ERRORS = {
    400: "Malformed request: not JSON, not an object, a NUL character, or a bad query parameter",
    401: "No valid bearer token (missing, unknown, revoked, or its user deactivated)",
    403: "The token's user may not do this (writing needs an analyst)",
    404: "No such record",
    409: "The record changed since the version sent",
    422: "Invalid fields; `fields` says which and why",
}
PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    },
]
VERSION_QUERY = {
    "name": "version",
    "in": "query",
    "required": True,
    "description": "The version read: a stale one gets 409",
    "schema": {"type": "integer", "minimum": 1},
}


def _json(schema: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def operation(
    method: str,
    summary: str,
    *,
    body: str | None = None,
    returns: str | None = None,
    status: int = 200,
    parameters: list | None = None,
    errors=(401, 403, 404),
):
    """Attach the OpenAPI operation for ``method`` to the view."""
    responses = {str(status): {"description": summary}}
    if returns:
        responses[str(status)]["content"] = _json(returns)
    # Any request can be malformed (a NUL character in its query, say): 400 is always possible.
    codes = set(errors) | {400} | ({422} if body else set())
    for code in sorted(codes):
        responses[str(code)] = {"description": ERRORS[code], "content": _json("Error")}
    spec = {"summary": summary, "responses": responses, "parameters": parameters or []}
    if body:
        spec["requestBody"] = {"required": True, "content": _json(body)}

    def attach(view):
        view.__dict__.setdefault("openapi", {})[method] = spec
        return view

    return attach


def item_operations(noun: str, schema: str, deletes: str | None = None):
    """GET, PATCH (with the version read) and DELETE (with ?version=) of one record, as
    every item endpoint of the API has them. ``deletes``: what the delete also removes."""

    a_noun = f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"

    def attach(view):
        operation("get", f"One {noun}", returns=schema)(view)
        operation(
            "patch",
            f"Change {a_noun}: send the fields to change and the version read",
            body=f"{schema}Change",
            returns=schema,
            errors=(401, 403, 404, 409),
        )(view)
        return operation(
            "delete",
            f"Delete {a_noun}" + (f" {deletes}" if deletes else ""),
            status=204,
            parameters=[VERSION_QUERY],
            errors=(401, 403, 404, 409, 422),
        )(view)

    return attach


def schema_name(record_type: str) -> str:
    """The OpenAPI schema of a record type: agreement_link is AgreementLink."""
    return "".join(part.capitalize() for part in record_type.split("_"))
