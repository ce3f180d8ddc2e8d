"""Access control in one place: who may call which view, checked on the server.

Every view needs a login (or TRACKER_PUBLIC_READ for reading). Reading needs
the viewer role; any other method needs the analyst role unless the view
says otherwise with @require_role. The gate runs before every request, so a
view that forgets its decorator is still closed to writes.
"""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from tracker.api_paths import is_api_path
from tracker.extensions import login_manager
from tracker.models import Role

READ_METHODS = ("GET", "HEAD", "OPTIONS")
# Logout is open to everyone: whoever holds a session, of any role, may end it.
# The calendar feed checks its own feed token: calendar apps cannot log in.
PUBLIC_ENDPOINTS = {
    "auth.login",
    "auth.logout",
    "static",
    "assets.plotly_js",
    "feeds.calendar_feed",
    "health.healthz",  # probes: a word each, no data
    "health.readyz",
}


def require_role(role: Role):
    """Mark a view as needing ``role``; the gate enforces it, for every method."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorate


def require_login(view):
    """Mark a view as closed to anonymous visitors even when TRACKER_PUBLIC_READ opens reading:
    a person's own settings, and the API (whose callers always name themselves by token)."""
    view.signed_in_only = True
    return view


def required_role(endpoint: str, method: str) -> Role | None:
    """The role a request needs, or None for a public endpoint."""
    if endpoint in PUBLIC_ENDPOINTS:
        return None
    view = current_app.view_functions.get(endpoint)
    declared = getattr(view, "required_role", None)
    if declared is not None:
        return declared
    return Role.VIEWER if method in READ_METHODS else Role.ANALYST


def may(user, role: Role, method: str = "GET") -> bool:
    """Whether ``user`` (possibly anonymous) may make a request that needs ``role``."""
    if getattr(user, "is_authenticated", False):
        return user.can(role)
    return role is Role.VIEWER and method in READ_METHODS and current_app.config["PUBLIC_READ"]


# What a person whose password was reset may open before choosing a new one.
WHILE_CHANGING_PASSWORD = {"settings.password", "auth.logout", "static", "assets.plotly_js"}


# Files the same for everyone: answered without reading the session, so no user is loaded
# and the answer does not vary by cookie (a browser's cache may keep it for everyone).
SESSIONLESS_ENDPOINTS = {"static", "assets.plotly_js"}


def _gate():
    if request.endpoint is None:  # 404: let the error handler answer
        return None
    if request.endpoint in SESSIONLESS_ENDPOINTS:
        return None
    if (
        getattr(current_user, "must_change_password", False)
        and request.endpoint not in WHILE_CHANGING_PASSWORD
        and request.endpoint not in PUBLIC_ENDPOINTS
        and not is_api_path(request.path)  # a token is not the reset password
    ):
        flash("Your password was reset: choose a new one to go on.", "error")
        return redirect(url_for("settings.password"))
    needed = required_role(request.endpoint, request.method)
    view = current_app.view_functions.get(request.endpoint)
    if (
        needed is not None
        and getattr(view, "signed_in_only", False)
        and not current_user.is_authenticated
    ):
        return login_manager.unauthorized()
    if needed is None or may(current_user, needed, request.method):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    abort(403)


def gate_every_request(app: Flask) -> None:
    app.before_request(_gate)

    @app.context_processor
    def permissions():
        def can(role_name: str) -> bool:
            return may(current_user, Role(role_name))

        return {"can": can}
