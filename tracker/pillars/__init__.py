"""An agreement's pillars: one per focus area."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.pillars.views import bp

    app.register_blueprint(bp)
