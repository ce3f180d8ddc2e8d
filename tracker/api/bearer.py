"""Who an API request comes from: the bearer token it carries, never a session cookie.

Flask-Login asks this loader only when no session names a user, and API
requests never open a session (tracker/auth/sessions.py), so a browser's
cookie cannot act through the API, and CSRF has nothing to forge there.
"""

from __future__ import annotations

from flask import Request

from tracker.api_paths import is_api_path
from tracker.auth.tokens import user_for_api_token
from tracker.models import User


def load_user_from_bearer_token(request: Request) -> User | None:
    if not is_api_path(request.path):
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return user_for_api_token(token.strip())
