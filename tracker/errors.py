"""One error handler for every HTTP error code: an HTML page, or JSON for API clients.

A database that does not answer (restarting, unreachable, locked) is a 503
with Retry-After, on a page that needs no database: the usual pages ask it
who is logged in.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    RequestEntityTooLarge,
    ServiceUnavailable,
)

from tracker.api_paths import is_api_path
from tracker.extensions import db

HANDLED_CODES = (400, 401, 403, 404, 405, 409, 413, 429, 500, 503)
RETRY_AFTER_SECONDS = 5
log = logging.getLogger(__name__)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return is_api_path(request.path) or best == "application/json"


def _too_large() -> RequestEntityTooLarge:
    """Say the limit that applied and what to do, not just that it was passed."""
    limit = (request.max_content_length or 0) / (1024 * 1024)
    if is_api_path(request.path):
        return RequestEntityTooLarge(
            f"The request body is larger than the limit of {limit:g} MB. Send one record per "
            "request; bulk data goes through the import."
        )
    return RequestEntityTooLarge(
        f"The upload is larger than the limit of {limit:g} MB. Split the import into "
        "several smaller files (each is checked and imported on its own), or ask the "
        "administrator to raise the limit (TRACKER_IMPORT_MAX_MB for imports)."
    )


def discard_session() -> None:
    """Drop the request's unfinished work; a database that is gone must not turn this into
    a second error."""
    try:
        db.session.remove()
    except Exception:  # the connection is already lost: nothing is left to undo
        log.warning("Could not close the database session cleanly", exc_info=True)
        with suppress(Exception):
            db.session.registry().invalidate()  # close its connections, keep none in the pool
        db.session.registry.clear()  # the next request starts a new session, not this one


def is_outage(error: BaseException) -> bool:
    """The database could not be reached or used right now, as opposed to refusing the data."""
    return isinstance(error, OperationalError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )


def _unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "The database is not answering right now (it may be restarting). Nothing was saved "
        f"by this request. Please try again in {RETRY_AFTER_SECONDS} seconds."
    )


def _respond(error: HTTPException):
    headers = (
        {"Allow": ", ".join(sorted(error.valid_methods))}
        if getattr(error, "valid_methods", None)
        else {}
    )
    if error.code == 503:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    elif getattr(error, "retry_after", None) is not None:  # 429: when to try again
        headers["Retry-After"] = str(error.retry_after)
    if _wants_json():
        body = {"error": error.name, "message": error.description, "fields": {}}
        return jsonify(body), error.code, headers
    template = "unavailable.html" if error.code == 503 else "error.html"
    return render_template(template, error=error), error.code, headers


def init_app(app: Flask) -> None:
    def handle(error: HTTPException):
        if error.code == 500:
            original = getattr(error, "original_exception", None)
            discard_session()  # a failed request must not leave half a change behind
            if original is not None and is_outage(original):
                log.warning("Database unavailable: %s", original.__class__.__name__)
                return _respond(_unavailable())
        if not isinstance(error, HTTPException):
            error = InternalServerError()
        if error.code == 413:
            error = _too_large()
        return _respond(error)

    for code in HANDLED_CODES:
        app.register_error_handler(code, handle)

    # Runs before Flask-SQLAlchemy's own teardown (last registered, first run), so a
    # session that cannot be closed during a database restart is logged, not a bare 500.
    app.teardown_appcontext(lambda _error: discard_session())
