"""The focus-area vocabulary pillars are grouped by."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.focus_areas.views import bp

    app.register_blueprint(bp)
