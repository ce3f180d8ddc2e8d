"""Account management (admins only)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.users.views import bp

    app.register_blueprint(bp)
