"""/healthz: the process serves. /readyz: and its database answers.

Both are open to anyone and carry no data, only a word: a probe needs no
account, and a stranger learns nothing from them.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker.errors import RETRY_AFTER_SECONDS, discard_session
from tracker.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def _plain(word: str, status: int = 200, **headers: str) -> Response:
    response = Response(word + "\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(headers)
    return response


@bp.get("/healthz")
def healthz():
    return _plain("ok")


@bp.get("/readyz")
def readyz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        log.warning("Not ready: the database does not answer (%s)", type(error).__name__)
        discard_session()
        return _plain("database unavailable", 503, **{"Retry-After": str(RETRY_AFTER_SECONDS)})
    return _plain("ready")
