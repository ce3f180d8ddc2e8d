"""Signing in: login, sessions, and the access gate every request passes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.auth.access import gate_every_request
    from tracker.auth.sessions import use_login_sessions
    from tracker.auth.views import bp

    app.register_blueprint(bp)
    use_login_sessions(app)
    gate_every_request(app)
