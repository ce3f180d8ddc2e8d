"""API errors as JSON: {"error", "message", "fields"} with a 4xx status."""

from __future__ import annotations

from flask import jsonify
from werkzeug.http import HTTP_STATUS_CODES

from tracker.interchange.importer import _form_problems


class ApiProblem(Exception):
    def __init__(self, status: int, message: str, fields: dict | None = None, **extra):
        super().__init__(message)
        self.status, self.message, self.fields, self.extra = status, message, fields or {}, extra

    def response(self):
        body = {
            "error": HTTP_STATUS_CODES[self.status],
            "message": self.message,
            "fields": self.fields,
            **self.extra,
        }
        return jsonify(body), self.status


def invalid(fields: dict[str, list[str]]) -> ApiProblem:
    return ApiProblem(422, "The record is not valid; nothing was saved.", fields)


def validated(form, strip: str = ""):
    """The form, validated with the web pages' rules; its errors as a 422 problem.

    ``strip`` drops a path prefix, so a signatory's errors read ``party``, not
    ``signatories[2].party``.
    """
    fields: dict[str, list[str]] = {}
    for problem in _form_problems(form, ""):
        fields.setdefault(problem.path.removeprefix(strip), []).append(problem.message)
    if fields:
        raise invalid(fields)
    return form
