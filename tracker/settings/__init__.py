"""A user's own settings: API tokens."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.settings.views import bp

    app.register_blueprint(bp)
