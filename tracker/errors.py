"""One error handler for every HTTP error code: an HTML page, or JSON for API clients."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from tracker.extensions import db

HANDLED_CODES = (400, 401, 403, 404, 405, 409, 413, 429, 500)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or best == "application/json"


def _too_large() -> RequestEntityTooLarge:
    """Say the limit that applied and what to do, not just that it was passed."""
    limit = (request.max_content_length or 0) / (1024 * 1024)
    return RequestEntityTooLarge(
        f"The upload is larger than the limit of {limit:g} MB. Split the import into "
        "several smaller files (each is checked and imported on its own), or ask the "
        "administrator to raise the limit (TRACKER_IMPORT_MAX_MB for imports)."
    )


def register_error_handlers(app: Flask) -> None:
    def handle(error: HTTPException):
        if error.code == 500:
            db.session.rollback()  # a failed request must not leave half a change behind
        if not isinstance(error, HTTPException):
            error = InternalServerError()
        if error.code == 413:
            error = _too_large()
        if _wants_json():
            body = {"error": error.name, "message": error.description, "fields": {}}
            return jsonify(body), error.code
        return render_template("error.html", error=error), error.code

    for code in HANDLED_CODES:
        app.register_error_handler(code, handle)
