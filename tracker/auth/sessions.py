"""Login sessions: which user a cookie names, and when the cookie is Secure."""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

from tracker.api_paths import is_api_path
from tracker.extensions import db, login_manager
from tracker.models import User

SESSIONLESS_PREFIXES = ("/static/", "/assets/")


class TrackerSessionInterface(SecureCookieSessionInterface):
    """Cookies are Secure whenever the request came over HTTPS, not only when configured."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def open_session(self, app: Flask, request):
        """The JSON API authenticates by bearer token only: it neither reads nor sets a cookie.
        Nor do the files that are the same for everyone (static files, plotly.js): an answer
        that read the session would vary by cookie, and browsers would ask for it again."""
        if is_api_path(request.path) or request.path.startswith(SESSIONLESS_PREFIXES):
            return None  # Flask then uses a null session, which is never saved
        return super().open_session(app, request)


def load_user(session_id: str) -> User | None:
    """The session names "id:epoch"; a bumped epoch (logout, deactivation) voids it."""
    user_id, _, epoch = session_id.partition(":")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    return user


def use_login_sessions(app: Flask) -> None:
    app.session_interface = TrackerSessionInterface()
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
