"""The dashboard: status counts and charts."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.dashboard.views import bp

    app.register_blueprint(bp)
