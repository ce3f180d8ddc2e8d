"""Who is making a change: the logged-in user, else whoever the command line says."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user
from sqlalchemy.orm import Session

SYSTEM = "system"


def current_actor(session: Session) -> tuple[int | None, str]:
    """(user id or None, name): a request's user; a job's or CLI command's actor; or system."""
    if has_request_context() and current_user.is_authenticated:
        return current_user.id, current_user.username
    # A background job acting for a person (a web import) names them by id as well.
    return session.info.get("actor_id"), session.info.get("actor", SYSTEM)
