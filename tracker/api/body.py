"""A request's JSON body as the input the web forms take, after the importer's shape checks.

POST sends a whole record; PATCH sends only the fields it changes, which are
laid over the current record first, so the form always sees a whole record.
"""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import MultiDict

from tracker.api.problems import ApiProblem, invalid
from tracker.conflicts import is_stale
from tracker.declaration import PART, Declaration, FieldSpec, formdata
from tracker.interchange import shape
from tracker.json_input import RefusedJSON, load_untrusted_json
from tracker.paging import whole_number

NO_CSRF = {"csrf": False}
READ_ONLY = ("id",)  # shown in every representation; ignored when sent back


def json_object() -> dict:
    """The body, read with the limits of untrusted JSON: what it cannot hold is refused by
    name (a field's value: 422; the body as a whole: 400)."""
    if not request.is_json:
        raise ApiProblem(400, "Send a JSON object with Content-Type: application/json.")
    try:
        body = load_untrusted_json(request.get_data())
    except RefusedJSON as refusal:
        if refusal.path:
            raise invalid({refusal.path: [refusal.message]}) from None
        raise ApiProblem(400, f"The body {refusal.message}") from None
    if not isinstance(body, dict):
        raise ApiProblem(400, "The body is not a JSON object.")
    return body


def form_input(
    body: dict, declaration: Declaration, current: dict | None = None, extras=()
) -> MultiDict:
    """``body`` over ``current``, shape-checked, as form input; ``extras`` ride as plain text.

    ``extras`` are fields of the form but not of the interchange object
    (``version``, a pillar's ``position``): the form checks their type.
    Nested records with endpoints of their own (an agreement's milestones)
    are not taken here.
    """
    taken = declaration.names(resource_fields(declaration))
    fields: dict[str, list[str]] = {}
    for name in body:
        if name not in (*taken, *extras, *READ_ONLY):
            fields[name] = ["is not a field of this object."]
    current = current or {}
    merged = {name: value for name, value in {**current, **body}.items() if name in taken}
    for problem in shape.check_object(merged, declaration, ""):
        fields.setdefault(problem.path, []).append(problem.message)
    if fields:
        raise invalid(fields)
    data = formdata(merged, declaration)
    for name in extras:  # a blank, like an empty input on the page, when not given
        value = body.get(name, current.get(name))
        data[name] = "" if value is None else str(value)
    return data


def resource_fields(declaration: Declaration) -> tuple[FieldSpec, ...]:
    """What an API resource of the record type carries: all but the nested records that
    have endpoints of their own."""
    return tuple(spec for spec in declaration.interchange if spec.role != PART)


def unless_stale(record, posted) -> None:
    """Refuse a change that names no version, or an older one than the record's (409)."""
    if posted is None:
        raise invalid(
            {
                "version": [
                    "is required: send the version you read, "
                    "so no one else's change is overwritten."
                ]
            }
        )
    if is_stale(record, posted):
        raise ApiProblem(
            409,
            f"The record changed since version {posted}; it is now at "
            f"version {record.version}. Read it again and retry.",
            version=record.version,
        )


def posted_version() -> int | None:
    """A DELETE names the version it read in the query: ?version=3."""
    value = request.args.get("version")
    if value is None:
        return None
    number = whole_number(value)
    if number is None or number < 1:
        raise invalid({"version": ["must be a whole number from 1."]})
    return number
