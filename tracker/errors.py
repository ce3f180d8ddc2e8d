"""One error handler for every HTTP error code: an HTML page, or JSON for API clients.

A database that does not answer (restarting, unreachable, locked) is a 503
with Retry-After, on a page that needs no database: the usual pages ask it
who is logged in. So is one that answers but takes no writes (read-only, or
its disk full), with a page that says so: the request's transaction is
rolled back whole, so nothing of it is half-written.
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
REFUSED_RETRY_AFTER_SECONDS = 60  # a full disk or a read-only database needs a person
# SQLite's primary result codes (the low byte of the extended code) for a database that
# cannot be written: READONLY, IOERR, FULL.
SQLITE_REFUSES_WRITES = {8, 10, 13}
# PostgreSQL's SQLSTATEs for the same: read_only_sql_transaction, disk_full,
# insufficient_resources, out_of_memory, io_error.
POSTGRES_REFUSES_WRITES = {"25006", "53100", "53000", "53200", "58030"}
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


def refuses_writes(error: BaseException) -> bool:
    """The database answers but cannot take this write: read-only, or its disk is full."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in SQLITE_REFUSES_WRITES
    return getattr(original, "sqlstate", None) in POSTGRES_REFUSES_WRITES


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


def _not_writable() -> ServiceUnavailable:
    refused = ServiceUnavailable(
        "The database is not accepting changes: it is read-only, or its disk is full. "
        "Nothing was saved by this request. Reading still works; tell the administrator, "
        "and try again once they have made room or made the database writable."
    )
    refused.retry_after = REFUSED_RETRY_AFTER_SECONDS
    return refused


def _respond(error: HTTPException):
    headers = (
        {"Allow": ", ".join(sorted(error.valid_methods))}
        if getattr(error, "valid_methods", None)
        else {}
    )
    if getattr(error, "retry_after", None) is not None:  # 429 and 503: when to try again
        headers["Retry-After"] = str(error.retry_after)
    elif error.code == 503:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
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
            if original is not None and refuses_writes(original):
                log.error("The database refused a write: %s", original.orig)
                return _respond(_not_writable())
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
